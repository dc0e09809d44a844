/*
 * Fits the brief on one A4 page. Measured here, in the browser, with the real fonts: if the content is taller than
 * the page, condense step by step (fewer points per block, fewer quotes, smaller type down to 8.5 pt, three columns)
 * until it fits. When even titles only do not fit, the selection is rolled up (the page carries the rolled-up
 * versions, hidden: items into their parts, then parts into the document's top-level parts) and condensed again.
 * The result is published on <html> for the build to read: data-brief-level, data-brief-fits, data-brief-rollup.
 */
(function () {
  'use strict';
  var LEVELS = [
    { points: 99, quotes: 2, size: 10.5, dense: false },
    { points: 3, quotes: 2, size: 10, dense: false },
    { points: 2, quotes: 1, size: 9.5, dense: false },
    { points: 2, quotes: 1, size: 9, dense: true },
    { points: 1, quotes: 1, size: 9, dense: true },
    { points: 1, quotes: 1, size: 8.5, dense: true },
    { points: 0, quotes: 1, size: 8.5, dense: true },
    { points: 0, quotes: 0, size: 8.5, dense: true }
  ];
  var root = document.documentElement;
  var content = document.querySelector('.content');
  /* The blocks as selected, then each rolled-up version; one is shown at a time. */
  var variants = Array.prototype.slice.call(document.querySelectorAll('.blocks[data-rollup]'));
  var shown = variants[0] || document;
  function show(v) {
    variants.forEach(function (x) { x.hidden = x !== v; });
    shown = v;
  }

  function apply(level) {
    document.body.classList.toggle('dense', level.dense);
    content.style.setProperty('--size', level.size + 'pt');
    var lists = shown.querySelectorAll('.block .points');
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].closest('[data-keep-points]')) continue; // titles run on: every one stays
      var items = lists[i].children;
      // brief.keep: these blocks keep their points while the others condense (two at the last levels).
      var limit = lists[i].parentNode.hasAttribute('data-keep') ? (level.points === 0 ? 2 : 99) : level.points;
      for (var j = 0; j < items.length; j++) items[j].hidden = j >= limit;
      lists[i].hidden = limit === 0;
    }
    var quotes = document.querySelectorAll('.quotes .quote');
    for (var k = 0; k < quotes.length; k++) quotes[k].hidden = k >= level.quotes;
  }
  function overflow() {
    return Math.max(0, content.scrollHeight - content.clientHeight, content.scrollWidth - content.clientWidth);
  }
  function describe(index) {
    if (index === 0) return '';
    var l = LEVELS[index], parts = [];
    var maxPoints = 0;
    var lists = shown.querySelectorAll('.block .points');
    for (var i = 0; i < lists.length; i++) maxPoints = Math.max(maxPoints, lists[i].children.length);
    if (l.points === 0) parts.push('titles only, no points');
    else if (l.points < maxPoints) parts.push('at most ' + l.points + ' point' + (l.points > 1 ? 's' : '') + ' per block');
    var q = document.querySelectorAll('.quotes .quote').length;
    if (l.quotes < q) parts.push(l.quotes === 0 ? 'no quotes' : l.quotes + ' quote' + (l.quotes === 1 ? '' : 's') + ' instead of ' + q);
    if (l.size < LEVELS[0].size) parts.push(l.size + ' pt type');
    if (l.dense) parts.push('three columns');
    return parts.join(', ');
  }
  /* Give blocks back points, in order, as long as the page still fits: no white space wasted at the bottom. */
  function refill(have, want) {
    var lists = shown.querySelectorAll('.block .points');
    var count = 0;
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i], items = list.children;
      if (items.length <= have || list.closest('[data-keep-points]')) continue;
      var wasHidden = list.hidden;
      list.hidden = false;
      for (var j = 0; j < items.length; j++) items[j].hidden = j >= Math.min(want, items.length);
      if (overflow() > 0) {
        for (var k = 0; k < items.length; k++) items[k].hidden = k >= have;
        list.hidden = wasHidden;
      } else count++;
    }
    return count;
  }
  /* Whether the page fits at condensing step i (applied, to measure it: one layout). */
  function fitsAt(i) {
    apply(LEVELS[i]);
    return overflow() <= 0;
  }
  /* The first step that fits (LEVELS.length when none does), trying them in order: the reference. */
  function firstFitInOrder(fits, n) {
    for (var i = 0; i < n; i++) if (fits(i)) return i;
    return n;
  }
  /*
   * The same step by bisection. Each step condenses more than the one before it (fewer points and quotes, smaller
   * type), so once a step fits every later one does, and the first that fits is found in about half the layouts
   * (a layout of the whole page at a new type size is the expensive part). Step 0 is tried first: most briefs fit
   * as they are.
   */
  function firstFitBisect(fits, n) {
    if (fits(0)) return 0;
    var lo = 1, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (fits(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  /*
   * The variant (as selected, then each roll-up) and step of the page: the first variant that fits at some step,
   * at its first step that fits; the last variant at the last step when none does. The page is left at that state.
   */
  function search(firstFit) {
    var index = 0, v = 0;
    for (; v < Math.max(1, variants.length); v++) {
      if (variants.length) show(variants[v]);
      index = firstFit(fitsAt, LEVELS.length);
      if (index < LEVELS.length) break;
    }
    var fits = index < LEVELS.length;
    if (!fits && variants.length) v = variants.length - 1;
    if (!fits) index = LEVELS.length - 1;
    if (variants.length) show(variants[v]);
    apply(LEVELS[index]);
    return { variant: v, level: index, fits: fits };
  }
  /* For the tests: both searches, to check on real pages that they agree. */
  window.briefingFitSearch = function (inOrder) {
    return search(inOrder ? firstFitInOrder : firstFitBisect);
  };
  function fit() {
    var found = search(firstFitBisect);
    var index = found.level, v = found.variant, fits = found.fits;
    var rolled = variants.length && v > 0 ? variants[v].getAttribute('data-rollup-what') : '';
    root.dataset.briefRollup = variants.length ? variants[v].getAttribute('data-rollup') : '0';
    var refilled = fits && index > 0 ? refill(LEVELS[index].points, LEVELS[index - 1].points) : 0;
    root.dataset.briefLevel = String(index);
    root.dataset.briefFits = String(fits);
    root.dataset.briefOverflow = String(overflow());
    // Blocks given points back after condensing: "titles only" is then no longer true of every block.
    var kept = refilled ? refilled + ' block' + (refilled === 1 ? '' : 's') + ' kept ' + (LEVELS[index].points === 0 ? 'some points' : 'more points') : '';
    var condensed = describe(index).replace('titles only, no points', refilled ? 'titles only for most blocks' : 'titles only, no points') + (kept ? ' (' + kept + ')' : '');
    root.dataset.briefCondensed = rolled ? rolled + (condensed ? '; ' + condensed : '') : condensed;
    root.dataset.briefReady = 'true';
  }
  // The page stays hidden (class "loading-fonts") until the fonts its text needs are in: see load-fonts.js.
  var page = document.querySelector('.page');
  window.briefingLoadFonts([page]).then(function () {
    page.classList.remove('loading-fonts');
    return document.fonts ? document.fonts.ready : null;
  }).then(fit);
})();
