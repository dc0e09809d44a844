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
      // Not the page's own: the overlay, and this script (which names the build the page comes from).
      if (el.id === 'briefing-error-overlay' || (ownSrc !== null && el.tagName === 'SCRIPT' && el.getAttribute('src') === ownSrc)) return;
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
  // This script, and the build the page comes from (the server says which): updates from it can be applied without
  // fetching the page.
  var script = document.currentScript;
  var ownSrc = script ? script.getAttribute('src') : null;
  var page = served(document);
  var updating = null;
  var build = script && script.dataset.build ? Number(script.dataset.build) : null;

  function liveSlides() {
    var live = {};
    Array.prototype.forEach.call(document.querySelectorAll('.reveal > .slides > section'), function (s) { live[s.id] = s; });
    return live;
  }
  /* A fetched page swapped in: its slides compared with the ones served before. */
  function swap(text, from) {
    var next = served(new DOMParser().parseFromString(text, 'text/html'));
    if (!next || !page || next.around !== page.around) return Promise.resolve(false);
    var live = liveSlides();
    var before = {};
    page.slides.forEach(function (s) { before[s.id] = s.html; });
    var changed = {};
    next.slides.forEach(function (s) { if (!live[s.id] || before[s.id] !== s.html) changed[s.id] = s.html; });
    return put(next, changed, live, from);
  }
  /*
   * An update the server sent with the news (see src/serve/deck-parts.ts): the slides that changed since the build
   * this page comes from, and the order of all. Only from that build, and only when every slide kept is here.
   */
  function apply(u) {
    if (!page || build === null || u.from !== build) return Promise.resolve(false);
    var live = liveSlides();
    var has = Object.prototype.hasOwnProperty;
    var changed = {};
    var ok = u.order.every(function (id) {
      if (has.call(u.slides, id)) { changed[id] = u.slides[id]; return true; }
      return !!live[id];
    });
    if (!ok) return Promise.resolve(false);
    var keep = {};
    page.slides.forEach(function (s) { keep[s.id] = s.html; });
    // What this page now has, as the server wrote it (a later fetched page is compared with it: a slide written
    // otherwise than it serializes counts as changed, and is swapped in again).
    // The title as the server wrote it (escaped), read by the HTML parser as a page's title is.
    var text = document.createElement('textarea');
    text.innerHTML = u.title;
    var next = {
      around: page.around,
      title: text.value.replace(/\s+/g, ' ').trim(),
      meta: u.meta,
      slides: u.order.map(function (id) { return { id: id, html: has.call(changed, id) ? changed[id] : keep[id] }; }),
    };
    return put(next, changed, live, u.to);
  }
  /*
   * Slides parsed but not swapped in yet (the slides away from the one shown go in a few at a time, after it): id →
   * HTML. The page record already has them; an update that comes meanwhile takes them over.
   */
  var backlog = [];
  /* Slides put in but neither fitted nor synced yet (a few at a time, after the slide shown has been painted). */
  var unfitted = [];
  var settling = false;
  /* Updates being put in (settle says the page is settled only when none is). */
  var putting = 0;
  /*
   * A new slide takes over what reveal.js keeps on the one it replaces: its background element (see syncSlide), and
   * where it stands (past, present, future; shown or not), until reveal.js next lays the slides out.
   */
  function takeOver(el, old) {
    el.slideBackgroundElement = old.slideBackgroundElement;
    el.slideBackgroundContentElement = old.slideBackgroundContentElement;
    ['past', 'present', 'future'].forEach(function (c) { if (old.classList.contains(c)) el.classList.add(c); });
    ['style', 'hidden', 'aria-hidden'].forEach(function (a) { if (old.hasAttribute(a) && !el.hasAttribute(a)) el.setAttribute(a, old.getAttribute(a)); });
  }
  /* A slide's HTML as an element that takes over from the live one of its id, if there is one. */
  function slideOf(html, old) {
    var parser = document.createElement('template');
    parser.innerHTML = html;
    var el = parser.content.firstElementChild;
    if (old) takeOver(el, old);
    return el;
  }
  /*
   * Put the new slides in (`changed`: id → HTML; the others kept as they are) on the slide shown. What the slide
   * shown needs is done at once: it and every slide new to the deck are put in, in the new order, and the slide
   * shown is fitted and synced with reveal.js. A slide that replaces one of its id away from the slide shown follows,
   * nearest first, and new slides away from it are fitted and synced, after the slide shown has been painted (see
   * settle). Only what changed is touched: the slides kept stay where they are (a slide moved is laid out
   * again), and so do their backgrounds (see backgroundsFor).
   */
  function put(next, changed, live, to) {
    var R = window.Reveal;
    putting++;
    var has = Object.prototype.hasOwnProperty;
    backlog.splice(0).forEach(function (b) { if (!has.call(changed, b.id)) changed[b.id] = b.html; });
    var current = R.getCurrentSlide();
    var at = R.getIndices();
    var routes = JSON.stringify(R.availableRoutes());
    var ids = next.slides.map(function (s) { return s.id; });
    if (next.title !== document.title) document.title = next.title;
    if (next.meta !== page.meta) {
      Array.prototype.forEach.call(document.head.querySelectorAll('meta[name]'), function (m) { m.remove(); });
      var parser = document.createElement('template');
      parser.innerHTML = next.meta;
      document.head.appendChild(parser.content);
    }
    page = next;
    build = to === undefined ? null : to;
    var same = current && current.id && ids.indexOf(current.id) >= 0 ? current.id : null;
    var h = same ? ids.indexOf(same) : Math.min(at.h, ids.length - 1);
    var distance = function (id) { return Math.abs(ids.indexOf(id) - h); };
    var todo = ids.filter(function (id) { return has.call(changed, id); }).sort(function (a, b) { return distance(a) - distance(b); });
    var later = {};
    todo.forEach(function (id) {
      if (live[id] && distance(id) > 0) {
        later[id] = true;
        backlog.push({ id: id, html: changed[id] });
      }
    });
    var now = [];
    var order = ids.map(function (id) {
      if (!has.call(changed, id) || later[id]) return live[id];
      var el = slideOf(changed[id], live[id]);
      now.push(el);
      return el;
    });
    var container = document.querySelector('.reveal > .slides');
    var keep = new Set(order);
    Array.prototype.slice.call(container.children).forEach(function (el) { if (el.tagName === 'SECTION' && !keep.has(el)) el.remove(); });
    arrange(container, order);
    var kept = backgroundsFor(order);
    var shown = now.filter(function (el) { return order.indexOf(el) === h; });
    var away = now.filter(function (el) { return order.indexOf(el) !== h; }).sort(function (a, b) { return Math.abs(order.indexOf(a) - h) - Math.abs(order.indexOf(b) - h); });
    // Synced by settle once fitted, which needs their backgrounds: made by hand here, or else by R.sync below.
    if (kept) away.forEach(function (el) { unfitted.push(el); });
    return window.briefingFitSlides(shown).then(function () {
      // The slide shown synced on its own (its background, fragments, media) when the backgrounds could be kept in
      // step (the other new slides are synced once fitted: see settle); else reveal.js makes every slide's background
      // again.
      if (kept) shown.forEach(function (el) { R.syncSlide(el); });
      else {
        R.sync();
        away.forEach(function (el) { unfitted.push(el); });
      }
      // The slide shown is the same element in the same place, and the arrows lead where they did: reveal.js is told
      // of the new slides after the paint (settle), and only what the slide shown shows of them is set now, the
      // count and the progress bar (the new slides and their backgrounds are not shown till then: reveal.js's
      // stylesheet hides a slide with no place yet). Else it is told at once.
      var still = kept && current === order[h] && h === at.h && !at.v && !R.isOverview() && JSON.stringify(R.availableRoutes()) === routes;
      if (still && counted()) resync = true;
      else {
        resync = false;
        R.slide(h, 0, same && typeof at.f === 'number' ? at.f : undefined);
      }
      told(current);
      document.documentElement.dataset.liveUpdates = String(Number(document.documentElement.dataset.liveUpdates || 0) + 1);
      return true;
    }).then(function (done) {
      putting--;
      settle();
      return done;
    }, function (err) {
      putting--;
      settle();
      throw err;
    });
  }
  /* reveal.js to be told of the slides put in, after the paint (see put and settle). */
  var resync = false;
  /*
   * The slide number ("c/t") and the progress bar of the slide shown set for the slides as they are now, as reveal.js
   * sets them when it is told; false, with nothing set, when the page does not show them in the form this knows.
   */
  function counted() {
    var R = window.Reveal;
    var config = R.getConfig();
    var root = R.getRevealElement();
    var a = root.querySelector(':scope > .slide-number .slide-number-a');
    var b = root.querySelector(':scope > .slide-number .slide-number-b');
    var bar = root.querySelector(':scope > .progress > span');
    if (config.slideNumber && (config.slideNumber !== 'c/t' || !a || !b)) return false;
    if (config.progress && !bar) return false;
    var slide = R.getCurrentSlide();
    var total = R.getTotalSlides();
    if (a) a.textContent = String(R.getSlidePastCount(slide) + (slide.dataset.visibility === 'uncounted' ? 0 : 1));
    if (b) b.textContent = String(total);
    if (bar) bar.style.transform = 'scaleX(' + (total < 2 ? 0 : R.getProgress()) + ')';
    return true;
  }
  /* reveal.js told where it is (it places every slide and shows the near ones), on the slide and fragment it shows. */
  function placed() {
    var i = window.Reveal.getIndices();
    window.Reveal.slide(i.h, i.v, i.f);
  }
  /* The speaker view shows the notes of the slide on screen: tell it they may have changed. */
  function told(previous) {
    var R = window.Reveal;
    var i = R.getIndices();
    R.dispatchEvent({ type: 'slidechanged', data: { indexh: i.h, indexv: i.v || 0, currentSlide: R.getCurrentSlide(), previousSlide: previous, origin: 'briefing-serve' } });
  }
  /*
   * Put `els` into `parent` in this order, moving only those not already there, after the one before them (the
   * others stay, and need no new layout). Elements of `parent` not in `els` are left where they are.
   */
  function arrange(parent, els) {
    var next = null;
    for (var i = els.length - 1; i >= 0; i--) {
      if (els[i].parentNode !== parent || els[i].nextElementSibling !== next) parent.insertBefore(els[i], next);
      next = els[i];
    }
  }
  /*
   * The slide backgrounds kept in step with `slides` (in order, one per slide, as reveal.js makes them): a removed
   * slide's background goes, a new slide gets one (filled in by syncSlide), a slide that replaced another keeps the
   * one it took over. False, with nothing changed, when the backgrounds are not reveal.js's own flat list.
   */
  function backgroundsFor(slides) {
    var R = window.Reveal;
    var box = typeof R.getBackgroundsElement === 'function' ? R.getBackgroundsElement() : null;
    if (!box || box.querySelector('.stack')) return false;
    if (!slides.every(function (s) { return !s.slideBackgroundElement || s.slideBackgroundElement.parentNode === box; })) return false;
    var list = slides.map(function (s) {
      if (s.slideBackgroundElement) return s.slideBackgroundElement;
      var el = document.createElement('div');
      el.className = 'slide-background ' + s.className.replace(/present|past|future/, '');
      var content = document.createElement('div');
      content.className = 'slide-background-content';
      el.appendChild(content);
      s.slideBackgroundElement = el;
      s.slideBackgroundContentElement = content;
      return el;
    });
    var used = new Set(list);
    Array.prototype.slice.call(box.children).forEach(function (el) { if (!used.has(el)) el.remove(); });
    arrange(box, list);
    return true;
  }
  /*
   * Once the slide shown has been painted: the backlog swapped in, then the slides put in fitted, a few at a time
   * (an update that comes meanwhile takes over what is left). When nothing is left and no update is on its way, the
   * page's data-live-settled is the number of its updates (data-live-updates): every slide is the new one, fitted.
   * A step that fails (a slide that cannot be fitted or synced) does not stop the ones after it.
   */
  function settle() {
    if (settling) return;
    settling = true;
    var R = window.Reveal;
    var step = function () {
      setTimeout(function () {
        // First of all, reveal.js told of the slides put in (it sets where each stands, and shows the near ones).
        if (resync) {
          resync = false;
          // A listener of reveal.js's that throws does not stop the steps after this one.
          try { placed(); } catch (err) { if (window.console) console.error(err); }
        }
        var live = liveSlides();
        var present = null;
        var swapped = backlog.splice(0, 4).filter(function (b) { return live[b.id]; }).map(function (b) {
          var el = slideOf(b.html, live[b.id]);
          // The slide gone to since the update came: reveal.js must be told its slide shown is this one now.
          if (live[b.id] === R.getCurrentSlide()) present = live[b.id];
          live[b.id].replaceWith(el);
          return el;
        });
        var fit = swapped.length ? swapped : unfitted.splice(0, 4).filter(function (el) { return el.isConnected; });
        if (!fit.length && !backlog.length && !unfitted.length) {
          settling = false;
          if (!putting) document.documentElement.dataset.liveSettled = document.documentElement.dataset.liveUpdates || '0';
          return;
        }
        window.briefingFitSlides(fit).then(function () {
          // Synced as reveal.js syncs a slide, which also shows it and its background (display: block): they keep
          // the display reveal.js gave them for where the slide stands (none, away from the slide shown), as if it
          // had been there all along.
          fit.forEach(function (el) {
            var back = el.slideBackgroundElement;
            if (!el.isConnected || !back) return;
            var display = [el.style.display, back.style.display];
            R.syncSlide(el);
            el.style.display = display[0];
            if (el.slideBackgroundElement === back) back.style.display = display[1];
          });
          if (present) {
            placed();
            told(present);
          }
        }).then(step, step);
      }, 0);
    };
    requestAnimationFrame(step);
  }

  function update(e) {
    hide(); // the build worked
    var info = {};
    try { info = JSON.parse(e.data || '{}'); } catch (err) { info = {}; }
    var R = window.Reveal;
    var me = window.location.pathname.replace(/^\//, '');
    var known = Array.isArray(info.pages) && Array.isArray(info.assets);
    // Nothing this page shows changed: it is as the new build has it.
    if (known && !info.assets.length && info.pages.indexOf(me) < 0) return void advance(info.from, info.to);
    // Only a deck that is up and running, with no asset changed, is updated in place.
    if (!known || info.assets.length || !page || !window.briefingFitSlides || !R || typeof R.isReady !== 'function' || !R.isReady()) return reload();
    var fetched = function () {
      return fetch(window.location.pathname + window.location.search, { cache: 'no-store' })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          var b = r.headers.get('x-briefing-build');
          return r.text().then(function (text) { return swap(text, b ? Number(b) : undefined); });
        })
        .then(function (done) { if (!done) reload(); }, function () { reload(); });
    };
    // The new slides came with the news (when this page is the deck the server updated from): swapped in at once.
    var run = me === 'deck.html' && info.deck
      ? function () { return apply(info.deck).then(function (done) { return done ? true : fetched(); }, fetched); }
      : fetched;
    // One update at a time, in order: a second one waits for the first.
    updating = (updating || Promise.resolve()).then(run);
  }

  /*
   * A build that changed nothing this page shows: the page, as build `from` had it, is as build `to` has it, and takes
   * the updates that come from `to` (after the updates on their way, in order).
   */
  function advance(from, to) {
    if (typeof from !== 'number' || typeof to !== 'number') return Promise.resolve(false);
    updating = (updating || Promise.resolve()).then(function () {
      if (build !== from) return false;
      build = to;
      return true;
    });
    return updating;
  }

  // The composer's previews are updated by the composer (it knows when it has made one): it hands this page the
  // update, or the new page's text; false when it cannot be swapped in (then the composer loads the page again).
  if (/^\/preview\//.test(window.location.pathname)) {
    var queued = function (fn) {
      var R = window.Reveal;
      if (!page || !window.briefingFitSlides || !R || typeof R.isReady !== 'function' || !R.isReady()) return Promise.resolve(false);
      updating = (updating || Promise.resolve()).then(fn).catch(function () { return false; });
      return updating;
    };
    window.briefingLive = {
      apply: function (u) { return queued(function () { return apply(u); }); },
      swap: function (text, to) { return queued(function () { return swap(text, to); }); },
      advance: advance,
    };
    return;
  }
  var source = new EventSource('/__briefing/events');
  source.addEventListener('reload', update);
  source.addEventListener('failed', function (e) { show(JSON.parse(e.data).message); });
  source.addEventListener('ok', hide);
  window.__briefingLive = true;
})();
