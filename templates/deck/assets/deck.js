/* Starts reveal.js and fits every slide: text that would overflow is scaled down step by step (never clipped). */
(function () {
  'use strict';
  var MIN_FIT = 0.55;
  function overflows(frame) {
    return frame.scrollHeight > frame.clientHeight + 1 || frame.scrollWidth > frame.clientWidth + 1;
  }
  function fitAll() {
    var root = document.querySelector('.reveal');
    var frames = Array.prototype.slice.call(document.querySelectorAll('.reveal .slides section > .frame'));
    // Show every slide for one measuring pass: one layout for all of them, not one per slide.
    root.classList.add('measuring');
    frames.forEach(function (f) { f.style.setProperty('--fit', '1'); });
    var tight = frames.filter(overflows);
    tight.forEach(function (frame) {
      var fit = 1;
      while (fit > MIN_FIT && overflows(frame)) {
        fit = Math.round((fit - 0.05) * 100) / 100;
        frame.style.setProperty('--fit', String(fit));
      }
      frame.dataset.fit = String(fit);
    });
    root.classList.remove('measuring');
    document.documentElement.dataset.fitted = String(tight.length);
  }
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
  // In print mode (?print-pdf) reveal.js lays the slides out as pages after it is ready; wait for that too.
  var printing = /print-pdf/.test(window.location.search);
  var pdfReady = printing ? new Promise(function (resolve) {
    if (document.querySelector('.pdf-page')) resolve();
    else window.Reveal.on('pdf-ready', resolve);
  }) : Promise.resolve();
  Promise.all([ready, pdfReady, document.fonts ? document.fonts.ready : Promise.resolve()]).then(function () {
    fitAll();
    window.Reveal.layout();
    document.documentElement.dataset.deckReady = 'true';
  });
})();
