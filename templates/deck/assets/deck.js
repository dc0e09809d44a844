/* Starts reveal.js and fits every slide: text that would overflow is scaled down (never clipped). */
(function () {
  'use strict';
  var MIN_FIT = 0.55;
  // In the speaker view the deck is a small preview (?receiver): deck.css moves its slide number off the arrows
  // and the footer, at a size that stays readable.
  if (/(^|[?&])receiver(&|$)/.test(window.location.search)) document.documentElement.classList.add('speaker-preview');
  function overflows(frame) {
    return frame.scrollHeight > frame.clientHeight + 1 || frame.scrollWidth > frame.clientWidth + 1;
  }
  /* The type sizes tried, largest first: 0.95, 0.9, … down to MIN_FIT (the step-by-step search's own values). */
  var STEPS = (function () {
    var steps = [];
    for (var fit = 1; fit > MIN_FIT; ) { fit = Math.round((fit - 0.05) * 100) / 100; steps.push(fit); }
    return steps;
  })();
  function setFit(f, fit) { f.style.setProperty('--fit', String(fit)); }
  /*
   * The step-by-step search: every overflowing frame one step smaller per round, until it fits or reaches MIN_FIT;
   * one layout per round for all of them. Kept as the reference the bisection is tested against.
   */
  function searchInOrder(tight) {
    var fits = new Map();
    tight.forEach(function (f) { fits.set(f, 1); });
    var pending = tight;
    var rounds = 0;
    while (pending.length) {
      rounds++;
      pending.forEach(function (f) { var fit = Math.round((fits.get(f) - 0.05) * 100) / 100; fits.set(f, fit); setFit(f, fit); });
      pending = pending.filter(function (f) { return fits.get(f) > MIN_FIT && overflows(f); });
    }
    return { fits: fits, rounds: rounds };
  }
  /*
   * Where to look first, from the overflow measured at full size: the text's height (and width) beyond the padding
   * shrinks about as the square of the type size (smaller lines, and fewer of them), so the size that fits is near
   * the square root of the room over the need. The index of the first step at or below that.
   */
  function firstGuess(f) {
    var cs = getComputedStyle(f);
    var padV = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom);
    var padH = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
    var room = Math.min((f.clientHeight - padV) / Math.max(1, f.scrollHeight - padV), (f.clientWidth - padH) / Math.max(1, f.scrollWidth - padH));
    var est = Math.sqrt(Math.max(0, room));
    for (var i = 0; i < STEPS.length - 1; i++) if (STEPS[i] <= est + 1e-9) return i;
    return STEPS.length - 2;
  }
  /*
   * The same answer as the step-by-step search, found in fewer layouts: the largest size that fits (the first step
   * that does, trying them in order), else the smallest. Each frame keeps the range its answer is in, [lo, hi]: hi
   * fits (or is the smallest size, the answer when nothing larger fits), everything below lo overflows. Any size in
   * [lo, hi-1] may be tried: it fitting moves hi there, it overflowing moves lo past it. The first try is the guess
   * from the overflow, the second its neighbour (the guess is usually right or one step off), then halving. All
   * overflowing frames are searched together, one layout per round.
   */
  function searchBisect(tight) {
    var lo = new Map(), hi = new Map(), last = new Map();
    var guesses = tight.map(firstGuess);
    tight.forEach(function (f) { lo.set(f, 0); hi.set(f, STEPS.length - 1); });
    var pending = tight;
    var rounds = 0;
    while (pending.length) {
      rounds++;
      var tries = pending.map(function (f, i) {
        var l = lo.get(f), h = hi.get(f), m;
        if (rounds === 1) m = guesses[i];
        else if (rounds === 2) m = last.get(f) ? h - 1 : l;
        else m = (l + h) >> 1;
        setFit(f, STEPS[m]);
        return m;
      });
      pending.forEach(function (f, i) {
        var fits = !overflows(f);
        last.set(f, fits);
        if (fits) hi.set(f, tries[i]); else lo.set(f, tries[i] + 1);
      });
      if (rounds === 1) guesses = null;
      pending = pending.filter(function (f) { return lo.get(f) < hi.get(f); });
    }
    var fits = new Map();
    tight.forEach(function (f) { var fit = STEPS[hi.get(f)]; fits.set(f, fit); setFit(f, fit); });
    return { fits: fits, rounds: rounds };
  }
  /* Shrink the overflowing frames to the largest type size that fits (see searchBisect). */
  function fitFrames(frames, inOrder) {
    var tight = frames.filter(overflows);
    var found = (inOrder ? searchInOrder : searchBisect)(tight);
    tight.forEach(function (f) { f.dataset.fit = String(found.fits.get(f)); });
    // Still too full at the smallest type: marked, and said (reportOverflow; the PDF export warns with the slide's
    // id) instead of clipping in silence. A frame left above MIN_FIT was measured fitting at that size.
    tight.filter(function (f) { return found.fits.get(f) <= MIN_FIT && overflows(f); }).forEach(function (f) { f.dataset.overflow = 'true'; });
    return { tight: tight.length, rounds: found.rounds };
  }
  function reportOverflow() {
    // A slide fitted again (serve) may fit now: only what is marked still.
    var still = Array.prototype.slice.call(document.querySelectorAll('.reveal .slides section > .frame[data-overflow="true"]'));
    document.documentElement.dataset.overflowing = still.map(function (f) { return f.parentElement.id; }).join(' ');
    if (still.length && window.console) console.warn('briefing: too much text to fit on slide(s) ' + document.documentElement.dataset.overflowing);
  }
  /*
   * Fit every slide before reveal.js starts, so that its print layout (?print-pdf) is made once, with the final sizes.
   * Every slide is shown for the measuring, in the fonts just loaded; any chunk still missing is waited for.
   */
  function fitAll() {
    var root = document.querySelector('.reveal');
    root.classList.remove('loading-fonts');
    root.classList.add('measuring');
    return fitShown().then(function () { root.classList.remove('measuring'); });
  }
  /* Fit every frame as it is laid out now (all shown), once the fonts are in (any its layout asks for, too). */
  function fitShown() {
    void document.documentElement.offsetHeight;
    var fonts = document.fonts ? document.fonts.ready : Promise.resolve();
    return fonts.then(function () {
      var frames = Array.prototype.slice.call(document.querySelectorAll('.reveal .slides section > .frame'));
      var tight = fitFrames(frames).tight;
      reportOverflow();
      document.documentElement.dataset.fitted = String(tight);
    });
  }
  /*
   * Fit slides put in after the start (briefing serve swaps the slides that changed in place): their fonts first,
   * then only these slides are shown for the measuring, fitted together, and put back as reveal.js had them, with
   * nothing painted in between.
   */
  window.briefingFitSlides = function (sections) {
    var frames = [];
    sections.forEach(function (s) { var f = s.querySelector(':scope > .frame'); if (f) frames.push(f); });
    return window.briefingLoadFonts(frames).then(function () {
      var shown = sections.map(function (s) { var d = s.style.display; s.style.setProperty('display', 'block', 'important'); return d; });
      fitFrames(frames);
      sections.forEach(function (s, i) { if (shown[i]) s.style.display = shown[i]; else s.style.removeProperty('display'); });
      reportOverflow();
    });
  };
  /*
   * For the tests (tests/e2e/deck-fit.test.ts): fit every slide again from full size with one search or the other,
   * and say what each frame got. Slides are shown for the measuring as fitAll shows them.
   */
  window.briefingDeckFitSearch = function (inOrder) {
    var root = document.querySelector('.reveal');
    root.classList.add('measuring');
    var frames = Array.prototype.slice.call(document.querySelectorAll('.reveal .slides section > .frame'));
    frames.forEach(function (f) { f.style.removeProperty('--fit'); delete f.dataset.fit; delete f.dataset.overflow; });
    var found = fitFrames(frames, inOrder);
    var result = { rounds: found.rounds, fits: frames.map(function (f) { return (f.dataset.fit || '1') + (f.dataset.overflow ? '!' : ''); }) };
    root.classList.remove('measuring');
    return result;
  };
  function start() {
    var plugins = [];
    if (window.RevealNotes) plugins.push(window.RevealNotes);
    if (window.RevealSearch) plugins.push(window.RevealSearch);
    if (window.RevealZoom) plugins.push(window.RevealZoom);
    var ready = window.Reveal.initialize({
      width: 1280,
      height: 720,
      margin: /print-pdf/.test(window.location.search) ? 0 : 0.04,
      minScale: 0.1,
      maxScale: 2,
      center: false,
      hash: true,
      respondToHashChanges: true,
      history: false,
      slideNumber: 'c/t',
      showSlideNumber: 'all',
      controls: true,
      controlsLayout: 'edges',
      progress: true,
      transition: 'slide',
      pdfSeparateFragments: false,
      pdfMaxPagesPerSlide: 1,
      plugins: plugins
    });
    // In print mode (?print-pdf) reveal.js lays the slides out as pages after it is ready; wait for that too, and fit
    // the slides there (see below).
    var pdfReady = PRINTING ? new Promise(function (resolve) {
      if (document.querySelector('.pdf-page')) resolve();
      else window.Reveal.on('pdf-ready', resolve);
    }) : Promise.resolve();
    Promise.all([ready, pdfReady]).then(PRINTING ? fitShown : null).then(function () {
      document.documentElement.dataset.deckReady = 'true';
    });
  }
  var PRINTING = /print-pdf/.test(window.location.search);
  // The slides stay hidden (class "loading-fonts") until the fonts their text needs are in: see load-fonts.js. On
  // screen they are fitted before reveal.js starts; printed (the PDF export), reveal.js lays every slide out on its
  // page first, and they are fitted there, where they are all shown anyway: one layout of the whole deck fewer. A
  // frame is the same 1280×720 box either way, so it gets the same size.
  var loaded = window.briefingLoadFonts(document.querySelectorAll('.reveal .slides .frame'));
  if (PRINTING) loaded.then(function () { document.querySelector('.reveal').classList.remove('loading-fonts'); start(); });
  else loaded.then(fitAll).then(start);
})();
