import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [w,name] of [[1280,'wide'],[1024,'mid'],[390,'phone']]) {
  const p = await b.newPage({ viewport: { width: w, height: 700 } });
  await p.goto(process.argv[2] ?? 'http://127.0.0.1:3311/');
  await p.screenshot({ path: `/tmp/front-${name}.png` });
  await p.close();
}
await b.close();
