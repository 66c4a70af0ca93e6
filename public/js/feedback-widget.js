// Vallamaja satisfaction survey widget: renders a service's survey into the host page (no iframe)
// and posts the answer as JSON. Plain DOM only (never innerHTML), no inline code, no eval: it runs
// under a strict Content-Security-Policy that allows this script's origin in script-src and connect-src.
//
//   <div id="vallamaja-feedback"></div>
//   <script src="https://<vallamaja>/static/js/feedback-widget.js" data-kov="0784" data-service="<id or slug>"
//           data-target="vallamaja-feedback" data-lang="et" defer></script>
//
// data-lang is optional (default: the host page's <html lang>, else Estonian). The texts come from the
// server in that language. Classes vm-fb-* let the host page style it; a few layout rules are set here.
(function () {
  'use strict';
  var LANGS = ['et', 'en', 'ru'];
  var counter = 0;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'className') e.className = attrs[k];
        else e.setAttribute(k, attrs[k] === true ? '' : String(attrs[k]));
      }
    }
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function style(e, props) {
    for (var k in props) if (Object.prototype.hasOwnProperty.call(props, k)) e.style[k] = props[k];
    return e;
  }

  function pageLang(script) {
    var l = (script.getAttribute('data-lang') || document.documentElement.lang || 'et').slice(0, 2).toLowerCase();
    return LANGS.indexOf(l) >= 0 ? l : 'et';
  }

  function scale(id, name, legend, choices) {
    var list = style(el('div', { className: 'vm-fb-scale' }), { display: 'flex', flexWrap: 'wrap', gap: '0.5rem' });
    choices.forEach(function (c, i) {
      var input = el('input', { type: 'radio', name: name, value: String(c.value), id: id + '-' + name + '-' + c.value, required: i === 0 });
      style(input, { width: '1.5rem', height: '1.5rem', margin: '0' });
      var lab = el('label', { for: input.id, className: 'vm-fb-choice' }, [input, el('strong', { text: String(c.value) }), ' ', el('span', { text: c.label })]);
      style(lab, { display: 'flex', flexDirection: 'column', alignItems: 'center', gap: '0.25rem', flex: '1 1 6rem', minHeight: '4.5rem', padding: '0.5rem', border: '2px solid currentColor', cursor: 'pointer', textAlign: 'center' });
      list.appendChild(lab);
    });
    return el('fieldset', { className: 'vm-fb-fieldset', id: id + '-' + name }, [el('legend', { text: legend }), list]);
  }

  function checks(id, name, legend, drivers) {
    var fs = el('fieldset', { className: 'vm-fb-fieldset', id: id + '-' + name }, [el('legend', { text: legend })]);
    drivers.forEach(function (d) {
      var input = el('input', { type: 'checkbox', name: name, value: d.code, id: id + '-' + name + '-' + d.code });
      style(input, { width: '1.5rem', height: '1.5rem', margin: '0', flex: 'none' });
      var row = el('div', { className: 'vm-fb-check' }, [input, el('label', { for: input.id, text: d.label })]);
      style(row, { display: 'flex', alignItems: 'center', gap: '0.5rem', minHeight: '2.75rem' });
      fs.appendChild(row);
    });
    return fs;
  }

  function checked(form, name) {
    var out = [];
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) out.push(boxes[i].value);
    return out;
  }

  function render(root, f, id) {
    var t = f.texts;
    var summary = el('div', { className: 'vm-fb-errors', role: 'alert', tabindex: '-1', hidden: true });
    var status = el('p', { className: 'vm-fb-status', role: 'status' });
    var commentId = id + '-comment';
    var textarea = el('textarea', { id: commentId, name: 'comment', rows: '4', maxlength: String(f.commentMax), 'aria-describedby': commentId + '-hint' });
    style(textarea, { width: '100%', boxSizing: 'border-box', font: 'inherit' });
    var honeypot = el('div', { 'aria-hidden': 'true' }, [el('label', { for: id + '-website', text: t.honeypot }), el('input', { type: 'text', id: id + '-website', name: 'website', tabindex: '-1', autocomplete: 'off' })]);
    style(honeypot, { position: 'absolute', left: '-9999px', width: '1px', height: '1px', overflow: 'hidden' });
    var button = el('button', { type: 'submit', className: 'vm-fb-submit', text: t.submit });
    style(button, { minHeight: '2.75rem', padding: '0.5rem 1rem', font: 'inherit', fontWeight: '700', cursor: 'pointer' });
    var form = el('form', { className: 'vm-fb-form', novalidate: true, lang: f.lang, 'aria-labelledby': id + '-title' }, [
      el('h2', { id: id + '-title', text: t.title }),
      summary,
      el('p', { className: 'vm-fb-service', text: f.service.name }),
      el('p', { text: t.intro }),
      scale(id, 'satisfaction', t.satisfaction, f.satisfaction),
      scale(id, 'ease', t.ease, f.ease),
      checks(id, 'wentWell', t.wentWell, f.drivers),
      checks(id, 'wentBadly', t.wentBadly, f.drivers),
      el('div', { className: 'vm-fb-field' }, [el('label', { for: commentId, text: t.comment }), el('p', { id: commentId + '-hint', className: 'vm-fb-hint', text: t.commentHint }), textarea]),
      honeypot,
      button,
      status,
    ]);
    form.querySelectorAll('fieldset').forEach(function (fs) {
      style(fs, { border: '0', padding: '0', margin: '0 0 1.5rem' });
    });

    function showErrors(list) {
      while (summary.firstChild) summary.removeChild(summary.firstChild);
      summary.appendChild(el('h3', { text: t.errorSummary }));
      var ul = el('ul');
      list.forEach(function (e) {
        var target = document.getElementById(id + '-' + e.field) ? '#' + id + '-' + e.field : '#' + id + '-title';
        ul.appendChild(el('li', {}, [el('a', { href: target, text: e.reason })]));
      });
      summary.appendChild(ul);
      summary.hidden = false;
      summary.focus();
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var sat = form.querySelector('input[name="satisfaction"]:checked');
      var ease = form.querySelector('input[name="ease"]:checked');
      var missing = [];
      if (!sat) missing.push({ field: 'satisfaction', reason: t.errorSatisfaction });
      if (!ease) missing.push({ field: 'ease', reason: t.errorEase });
      if (missing.length) return showErrors(missing);
      button.disabled = true;
      status.textContent = t.sending;
      var body = {
        token: f.token,
        satisfaction: Number(sat.value),
        ease: Number(ease.value),
        wentWell: checked(form, 'wentWell'),
        wentBadly: checked(form, 'wentBadly'),
        comment: textarea.value || null,
        lang: f.lang,
        website: form.querySelector('input[name="website"]').value,
      };
      fetch(f.submitUrl, { method: 'POST', mode: 'cors', credentials: 'omit', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (res) {
          return res.json().then(
            function (j) { return { status: res.status, body: j }; },
            function () { return { status: res.status, body: null }; }
          );
        })
        .then(function (r) {
          button.disabled = false;
          status.textContent = '';
          if (r.status === 201) {
            var done = el('div', { className: 'vm-fb-thanks', role: 'status', tabindex: '-1' }, [el('h2', { text: t.thanks }), el('p', { text: r.body.message || t.thanksText })]);
            if (r.body.commentPending) done.appendChild(el('p', { text: t.thanksComment }));
            root.replaceChild(done, form);
            done.focus();
          } else if (r.status === 429) showErrors([{ field: 'title', reason: t.rateLimited }]);
          else if (r.status === 400 && r.body && r.body.errors) showErrors(r.body.errors);
          else showErrors([{ field: 'title', reason: t.failed }]);
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = '';
          showErrors([{ field: 'title', reason: t.failed }]);
        });
    });
    root.appendChild(form);
  }

  function start(script) {
    if (script.getAttribute('data-vm-started')) return;
    script.setAttribute('data-vm-started', '1');
    var kov = script.getAttribute('data-kov') || '';
    var service = script.getAttribute('data-service') || '';
    if (!/^[0-9]{4}$/.test(kov) || !service) return;
    var origin = new URL(script.src, document.baseURI).origin;
    var targetId = script.getAttribute('data-target');
    var root = (targetId && document.getElementById(targetId)) || script.parentNode.insertBefore(el('div'), script.nextSibling);
    root.classList.add('vm-fb');
    var id = 'vmfb' + ++counter;
    var url = origin + '/api/v1/kov/' + kov + '/services/' + encodeURIComponent(service) + '/feedback/form?lang=' + pageLang(script);
    fetch(url, { mode: 'cors', credentials: 'omit' })
      .then(function (res) {
        if (!res.ok) throw new Error('form ' + res.status);
        return res.json();
      })
      .then(function (f) {
        render(root, f, id);
      })
      .catch(function () {
        /* nothing rendered: the host page keeps its own content (e.g. a link to the no-JS form) */
      });
  }

  var scripts = document.querySelectorAll('script[data-kov][data-service]');
  for (var i = 0; i < scripts.length; i++) if (/feedback-widget\.js(\?|$)/.test(scripts[i].src)) start(scripts[i]);
})();
