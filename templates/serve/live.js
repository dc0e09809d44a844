/* briefing serve: live reload and the build-error overlay. Injected into served pages only, never into builds. */
(function () {
  'use strict';
  var overlay = null;
  function show(message) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'briefing-error-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.92);color:#fff;' +
        'font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:48px;overflow:auto;white-space:pre-wrap';
      document.body.appendChild(overlay);
    }
    overlay.textContent = 'briefing: the last build failed; the page shows the previous good build.\n' +
      'Fix the file and save: this page reloads by itself.\n\n' + message;
  }
  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  // Where the deck is now, asked of reveal.js: it writes the URL hash late (at most once a second), so a reload right
  // after moving would come back on the slide before. Same form as reveal.js's own hash: #/<id>[/<fragment>], or
  // #/<h>/<v>[/<fragment>] for a slide without an id.
  function currentHash() {
    var R = window.Reveal;
    if (!R || typeof R.isReady !== 'function' || !R.isReady()) return null;
    var slide = R.getCurrentSlide();
    var i = R.getIndices();
    var f = typeof i.f === 'number' && i.f >= 0 && R.getConfig().fragmentInURL !== false ? '/' + i.f : '';
    if (slide && slide.id) return '#/' + encodeURIComponent(slide.id) + f;
    var base = R.getConfig().hashOneBasedIndex ? 1 : 0;
    return '#/' + (i.h + base) + '/' + ((i.v || 0) + base) + f;
  }
  function reload() {
    var hash = currentHash();
    if (hash !== null && hash !== window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + hash);
    }
    window.location.reload();
  }

  /*
   * A deck is updated in place when only its slides changed: the new page is fetched, and the slides that differ
   * from the ones served before are swapped in, fitted and synced with reveal.js, on the slide shown. Anything else
   * (the head, the page around the slides, an asset, a slide reveal.js would have to nest) reloads the page.
   * What was served is remembered as served (reveal.js changes the live elements), from the page as it is parsed.
   */
  function served(doc) {
    var reveal = doc.querySelector('body > .reveal');
    var slides = reveal && reveal.querySelector(':scope > .slides');
    if (!slides) return null;
    // The title and the named meta tags (author) are set in place; every other part of the head reloads.
    var around = [doc.documentElement.getAttribute('lang'), doc.body.getAttribute('class')];
    var meta = [];
    Array.prototype.forEach.call(doc.head.children, function (el) {
      if (el.tagName === 'TITLE') return;
      if (el.tagName === 'META' && el.hasAttribute('name')) meta.push(el.outerHTML);
      else around.push(el.outerHTML);
    });
    Array.prototype.forEach.call(doc.body.children, function (el) {
      if (el.id === 'briefing-error-overlay') return;
      if (el !== reveal) around.push(el.outerHTML);
      else around.push(el.cloneNode(false).outerHTML, slides.cloneNode(false).outerHTML, reveal.children.length);
    });
    var list = [];
    var ids = {};
    for (var i = 0; i < slides.children.length; i++) {
      var s = slides.children[i];
      if (s.tagName !== 'SECTION' || !s.id || ids[s.id] || s.querySelector('section')) return null;
      ids[s.id] = true;
      list.push({ id: s.id, html: s.outerHTML });
    }
    return { around: around.join('\n'), title: doc.title, meta: meta.join('\n'), slides: list };
  }
  var page = served(document);
  var updating = null;

  function swap(text) {
    var R = window.Reveal;
    var next = served(new DOMParser().parseFromString(text, 'text/html'));
    if (!next || !page || next.around !== page.around) return Promise.resolve(false);
    var live = {};
    Array.prototype.forEach.call(document.querySelectorAll('.reveal > .slides > section'), function (s) { live[s.id] = s; });
    var before = {};
    page.slides.forEach(function (s) { before[s.id] = s.html; });
    var current = R.getCurrentSlide();
    var at = R.getIndices();
    var parser = document.createElement('template');
    var fresh = [];
    var order = next.slides.map(function (s) {
      if (live[s.id] && before[s.id] === s.html) return live[s.id];
      parser.innerHTML = s.html;
      var el = parser.content.firstElementChild;
      // reveal.js keeps each slide's background element on the slide: the new one takes it over (syncSlide).
      var old = live[s.id];
      if (old) {
        el.slideBackgroundElement = old.slideBackgroundElement;
        el.slideBackgroundContentElement = old.slideBackgroundContentElement;
      }
      fresh.push(el);
      return el;
    });
    var container = document.querySelector('.reveal > .slides');
    var keep = new Set(order);
    Array.prototype.slice.call(container.children).forEach(function (el) { if (el.tagName === 'SECTION' && !keep.has(el)) el.remove(); });
    order.forEach(function (el) { container.appendChild(el); });
    if (next.title !== document.title) document.title = next.title;
    if (next.meta !== page.meta) {
      Array.prototype.forEach.call(document.head.querySelectorAll('meta[name]'), function (m) { m.remove(); });
      parser.innerHTML = next.meta;
      document.head.appendChild(parser.content);
    }
    var sameOrder = page.slides.length === next.slides.length && page.slides.every(function (s, i) { return s.id === next.slides[i].id; });
    page = next;
    // The slide shown now is fitted at once, the others a few at a time after (nearest first).
    var same = current && current.id ? document.getElementById(current.id) : null;
    var h = same ? order.indexOf(same) : Math.min(at.h, order.length - 1);
    var distance = function (el) { return Math.abs(order.indexOf(el) - h); };
    var near = fresh.filter(function (el) { return distance(el) === 0; });
    var later = fresh.filter(function (el) { return distance(el) > 0; }).sort(function (a, b) { return distance(a) - distance(b); });
    return window.briefingFitSlides(near).then(function () {
      // Slides in the same places: each new one synced on its own (the others once they are fitted); else all.
      var each = sameOrder && fresh.every(function (el) { return el.slideBackgroundElement; });
      if (each) near.forEach(function (el) { R.syncSlide(el); });
      else R.sync();
      R.slide(h, 0, same && typeof at.f === 'number' ? at.f : undefined);
      // The speaker view shows the notes of the slide on screen: tell it they may have changed.
      R.dispatchEvent({ type: 'slidechanged', data: { indexh: h, indexv: 0, currentSlide: R.getCurrentSlide(), previousSlide: current, origin: 'briefing-serve' } });
      document.documentElement.dataset.liveUpdates = String(Number(document.documentElement.dataset.liveUpdates || 0) + 1);
      fitLater(later, each);
      return true;
    });
  }
  function fitLater(sections, sync) {
    if (!sections.length) return;
    setTimeout(function () {
      var now = sections.slice(0, 4);
      window.briefingFitSlides(now).then(function () {
        if (sync) now.forEach(function (el) { if (el.isConnected) window.Reveal.syncSlide(el); });
        fitLater(sections.slice(4), sync);
      });
    }, 0);
  }

  function update(e) {
    hide(); // the build worked
    var info = {};
    try { info = JSON.parse(e.data || '{}'); } catch (err) { info = {}; }
    var R = window.Reveal;
    var me = window.location.pathname.replace(/^\//, '');
    var known = Array.isArray(info.pages) && Array.isArray(info.assets);
    if (known && !info.assets.length && info.pages.indexOf(me) < 0) return; // nothing this page shows changed
    // Only a deck that is up and running, with no asset changed, is updated in place.
    if (!known || info.assets.length || !page || !window.briefingFitSlides || !R || typeof R.isReady !== 'function' || !R.isReady()) return reload();
    var run = function () {
      return fetch(window.location.pathname + window.location.search, { cache: 'no-store' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
        .then(swap)
        .then(function (done) { if (!done) reload(); }, function () { reload(); });
    };
    // One update at a time, in order: a second one waits for the first.
    updating = (updating || Promise.resolve()).then(run);
  }

  // The composer's previews are updated by the composer (it knows when it has built one): it hands this page the
  // new page's text; false when it cannot be swapped in (then the composer loads the page again).
  if (/^\/preview\//.test(window.location.pathname)) {
    window.briefingLive = {
      swap: function (text) {
        var R = window.Reveal;
        if (!page || !window.briefingFitSlides || !R || typeof R.isReady !== 'function' || !R.isReady()) return Promise.resolve(false);
        updating = (updating || Promise.resolve()).then(function () { return swap(text); }).catch(function () { return false; });
        return updating;
      },
    };
    return;
  }
  var source = new EventSource('/__briefing/events');
  source.addEventListener('reload', update);
  source.addEventListener('failed', function (e) { show(JSON.parse(e.data).message); });
  source.addEventListener('ok', hide);
  window.__briefingLive = true;
})();
