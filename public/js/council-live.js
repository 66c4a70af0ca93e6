// The council's live island (progressive enhancement: every page works without it). It follows the
// sitting's event stream (server-sent events; the browser rejoins by itself with Last-Event-ID), and
// when something changes it re-reads the page and puts the new live region (#live) in place of the
// old one, then says so in the polite status region. While a form field in the region has focus the
// swap waits until it loses it, so nobody's typing is wiped. The speaker's remaining time counts down
// each second ([data-ends-at]: epoch milliseconds).
(function () {
  'use strict';
  var root = document.getElementById('live');
  if (!root) return;

  function clientNow() {
    return window.performance.timeOrigin + window.performance.now();
  }
  // the server's clock minus ours (the speaker's limit counts down on the server's time)
  var skew = Number(root.getAttribute('data-server-now')) - clientNow() || 0;

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }
  function tick() {
    var els = document.querySelectorAll('[data-ends-at]');
    for (var i = 0; i < els.length; i++) {
      var left = Math.round((Number(els[i].getAttribute('data-ends-at')) - (clientNow() + skew)) / 1000);
      var sign = left < 0 ? '−' : '';
      left = Math.abs(left);
      els[i].textContent = sign + Math.floor(left / 60) + ':' + pad(left % 60);
      els[i].classList.toggle('countdown-over', sign !== '');
    }
  }
  tick();
  setInterval(tick, 1000);

  var src = root.getAttribute('data-live-src');
  if (!src || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var status = document.getElementById('live-status');
  var pending = false;
  var timer = null;
  var loading = false;

  function typing() {
    var a = document.activeElement;
    return a && root.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.type !== 'hidden' && a.type !== 'submit';
  }

  function swap() {
    if (typing()) {
      pending = true;
      return;
    }
    if (loading) {
      pending = true;
      return;
    }
    loading = true;
    pending = false;
    fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (r) {
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        loading = false;
        if (!html) return;
        var fresh = new window.DOMParser().parseFromString(html, 'text/html').getElementById('live');
        if (!fresh) return;
        if (typing()) {
          pending = true;
          return;
        }
        root.innerHTML = fresh.innerHTML;
        root.setAttribute('data-live-seq', fresh.getAttribute('data-live-seq') || '');
        skew = Number(fresh.getAttribute('data-server-now')) - clientNow() || skew;
        tick();
        if (status) status.textContent = status.getAttribute('data-text') || '';
        if (pending) schedule();
      })
      .catch(function () {
        loading = false;
      });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(swap, 120);
  }
  root.addEventListener('focusout', function () {
    if (pending) setTimeout(schedule, 0);
  });

  var es = new window.EventSource(src + '?after=' + encodeURIComponent(root.getAttribute('data-live-seq') || '0'));
  var kinds = ['sitting.opened', 'sitting.closed', 'presence', 'item.opened', 'item.closed', 'recusal', 'speaker', 'vote.opened', 'vote.closed', 'vote.void', 'tally'];
  for (var k = 0; k < kinds.length; k++) es.addEventListener(kinds[k], schedule);
})();
