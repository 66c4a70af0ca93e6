// The header's main menu on a phone: shows the "Menüü" button the page renders hidden and makes it a
// disclosure (aria-expanded) over the list. Below 40rem the list is folded until the button opens it
// (styles.css); wider screens never show the button. Without this script the list simply stays open.
(function () {
  'use strict';
  var nav = document.querySelector('.main-nav');
  var button = nav && nav.querySelector('.nav-toggle');
  if (!nav || !button) return;
  button.hidden = false;
  nav.classList.add('collapsible');
  function set(open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    nav.classList.toggle('open', open);
  }
  button.addEventListener('click', function () {
    set(button.getAttribute('aria-expanded') !== 'true');
  });
  nav.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true') {
      set(false);
      button.focus();
    }
  });
})();
