/* Starts reveal.js and fits every slide: text that would overflow is scaled down step by step (never clipped). */
(function () {
  'use strict';
  var MIN_FIT = 0.55;
  function fitFrame(frame) {
    var section = frame.parentElement;
    var hidden = section && getComputedStyle(section).display === 'none';
    if (hidden) section.style.display = 'block';
    var fit = 1;
    frame.style.setProperty('--fit', '1');
    while (fit > MIN_FIT && (frame.scrollHeight > frame.clientHeight + 1 || frame.scrollWidth > frame.clientWidth + 1)) {
      fit = Math.round((fit - 0.05) * 100) / 100;
      frame.style.setProperty('--fit', String(fit));
    }
    frame.dataset.fit = String(fit);
    if (hidden) section.style.display = '';
  }
  function fitAll() {
    var frames = document.querySelectorAll('.reveal .slides section > .frame');
    for (var i = 0; i < frames.length; i++) fitFrame(frames[i]);
    document.documentElement.dataset.fitted = 'true';
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
