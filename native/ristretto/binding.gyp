{
  "targets": [
    {
      "target_name": "ristretto_sum",
      "sources": ["ristretto_sum.c"],
      "cflags": ["-O3", "-std=gnu11", "-Wall", "-Wextra"],
      "cflags!": ["-O2"],
      "libraries": ["-ldl"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] }
    }
  ]
}
