/* The briefing composer: choose sections with a click, see the deck and brief rebuilt, save a spec. */
(function () {
  'use strict';
  var API = '/__briefing/compose/';
  var corpus = null;
  var state = { title: 'New briefing', language: 'en', theme: 'official', entries: [] };
  var byId = {};
  var quotesById = {};
  var timer = null;
  var version = 0;
  /* The tree's search: null, or { query, partial, sections: id → matched line, quotes: id → matched line }. */
  var filter = null;
  var searchTimer = null;
  var searchSeq = 0;

  function $(id) { return document.getElementById(id); }
  function post(path, body) {
    return fetch(API + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
  function lang() { return state.language === 'zh' ? 'zh' : 'en'; }
  function label(t) { return state.language === 'bilingual' ? t.en + ' · ' + t.zh : t[lang()]; }
  function status(text, html) { var s = $('status'); if (html) s.innerHTML = text; else s.textContent = text; }

  function showErrors(errors) {
    $('errors').textContent = errors.map(function (e) { return e.text || (e.message + (e.hint ? '\n  hint: ' + e.hint : '')); }).join('\n\n');
    document.querySelector('.preview').classList.toggle('stale', errors.length > 0);
  }

  /* ---- state helpers ---- */
  function findEntry(pred) { for (var i = 0; i < state.entries.length; i++) if (pred(state.entries[i])) return i; return -1; }
  function areaIndex(area) { return findEntry(function (e) { return e.kind === 'area' && e.area === area; }); }
  function idIndex(id) { return findEntry(function (e) { return e.kind === 'id' && e.id === id; }); }
  function quoteIndex(id) { return findEntry(function (e) { return e.kind === 'quote' && e.id === id; }); }
  function itemNumbers(area) { return (byId[area].children || []).map(function (c) { return c.number; }); }

  /* A member of a group a document declares carries the group and key the spec names it by ("- area: <key>"). */
  function withRef(entry, id) { var n = byId[id]; if (n && n.group) { entry.group = n.group; entry.key = n.key; } return entry; }
  function toggleArea(area, on) {
    var i = areaIndex(area);
    if (on && i < 0) state.entries.push(withRef({ kind: 'area', area: area }, area));
    if (!on && i >= 0) state.entries.splice(i, 1);
  }
  function toggleItem(area, n, on) {
    var i = areaIndex(area);
    var all = itemNumbers(area);
    if (i < 0) { if (on) state.entries.push(withRef({ kind: 'area', area: area, items: [n] }, area)); return; }
    var e = state.entries[i];
    var items = e.items ? e.items.slice() : all.slice();
    var at = items.indexOf(n);
    if (on && at < 0) items.push(n);
    if (!on && at >= 0) items.splice(at, 1);
    items.sort(function (a, b) { return a - b; });
    if (!items.length) state.entries.splice(i, 1);
    else if (items.length === all.length) delete e.items;
    else e.items = items;
  }
  function toggleId(id, on) { var i = idIndex(id); if (on && i < 0) state.entries.push(withRef({ kind: 'id', id: id }, id)); if (!on && i >= 0) state.entries.splice(i, 1); }
  function toggleQuote(id, on) { var i = quoteIndex(id); if (on && i < 0) state.entries.push({ kind: 'quote', id: id }); if (!on && i >= 0) state.entries.splice(i, 1); }

  /* ---- rendering ---- */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { if (k === 'text') e.textContent = attrs[k]; else if (k === 'checked') e.checked = attrs[k]; else e.setAttribute(k, attrs[k]); }
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }
  /* A box of the tree: `isOn` says from the state whether it is ticked (asked again after every tick: see ticked). */
  function checkbox(id, text, cite, isOn, onChange) {
    var box = el('input', { type: 'checkbox', id: id, checked: isOn() });
    box.briefingIsOn = isOn;
    box.addEventListener('change', function () { onChange(box.checked); ticked(); });
    return el('label', { for: id }, [box, el('span', { text: text }), el('span', { class: 'cite', text: cite })]);
  }
  /* The line a search matched, its matches in <mark> (text nodes only: nothing from the server is parsed as HTML). */
  function matchLine(line) {
    if (!line || !line.marks.length || line.field === 'title' || line.field === 'keys') return null;
    var div = el('div', { class: 'match-line' });
    var at = 0;
    line.marks.forEach(function (m) {
      div.appendChild(document.createTextNode(line.text.slice(at, m[0])));
      div.appendChild(el('mark', { text: line.text.slice(m[0], m[1]) }));
      at = m[1];
    });
    div.appendChild(document.createTextNode(line.text.slice(at)));
    return div;
  }
  function hit(id) { return !filter || id in filter.sections; }
  function withLine(li, id, line) { var m = filter && matchLine(line[id]); if (m) li.appendChild(m); return li; }
  function renderTree() {
    var tree = $('tree');
    tree.textContent = '';
    var shown = 0;
    corpus.documents.forEach(function (doc) {
      var ul = el('ul');
      doc.nodes.forEach(function (n) {
        var li = el('li');
        if (n.kind === 'area') {
          // Searching: an area shows when it or one of its items matches, with the items that match (all, if none does).
          var kids = (n.children || []).filter(function (c) { return hit(c.id); });
          if (filter && !kids.length && !hit(n.id)) return;
          if (!kids.length) kids = n.children || [];
          var entryOf = function () { var ai = areaIndex(n.id); return ai >= 0 ? state.entries[ai] : null; };
          li.appendChild(checkbox('c-' + n.id, label(n.title), n.cite[lang()], function () { return !!entryOf(); }, function (on) { toggleArea(n.id, on); }));
          if (filter) withLine(li, n.id, filter.sections);
          var sub = el('ul');
          kids.forEach(function (c) {
            var on = function () { var entry = entryOf(); return !!entry && (!entry.items || entry.items.indexOf(c.number) >= 0); };
            var cli = el('li', {}, [checkbox('c-' + c.id, label(c.title), c.cite[lang()], on, function (v) { toggleItem(n.id, c.number, v); })]);
            if (filter) withLine(cli, c.id, filter.sections);
            sub.appendChild(cli);
          });
          li.appendChild(sub);
        } else {
          if (!hit(n.id)) return;
          li.appendChild(checkbox('c-' + n.id, label(n.title), n.cite[lang()], function () { return idIndex(n.id) >= 0; }, function (on) { toggleId(n.id, on); }));
          if (filter) withLine(li, n.id, filter.sections);
        }
        shown++;
        ul.appendChild(li);
      });
      if (!ul.children.length) return;
      tree.appendChild(el('p', { class: 'doc-title', text: label(doc.title) + (doc.number ? ' ' + doc.number : '') }));
      tree.appendChild(ul);
    });
    var quotes = corpus.quotes.filter(function (q) { return !filter || q.id in filter.quotes; });
    if (quotes.length) {
      tree.appendChild(el('p', { class: 'doc-title', text: lang() === 'zh' ? '专家引语' : 'Expert quotes' }));
      var qs = el('ul');
      quotes.forEach(function (q) {
        var who = q.speakers.map(function (s) { return s[lang()]; }).join(', ');
        var li = el('li', {}, [checkbox('q-' + q.id, who, q.kind === 'paraphrase' ? '(paraphrase)' : '', function () { return quoteIndex(q.id) >= 0; }, function (on) { toggleQuote(q.id, on); })]);
        var line = filter && matchLine(filter.quotes[q.id]);
        li.appendChild(line || el('div', { class: 'quote-text', text: q.text[lang()].slice(0, 90) + (q.text[lang()].length > 90 ? '…' : '') }));
        qs.appendChild(li);
      });
      tree.appendChild(qs);
    }
    if (filter && !shown && !quotes.length) {
      tree.appendChild(el('p', { class: 'search-empty', text: 'Nothing in the corpus matches “' + filter.query + '”. Try fewer or other words, in Chinese or English; Esc clears the search.' }));
    }
  }

  /* ---- search ---- */
  function searchInfo(text) { $('search-info').textContent = text; }
  function searchDone(query) {
    if (!corpus) return; // the corpus is still loading: the start runs the search
    var scroll = $('tree').scrollTop;
    renderTree();
    $('tree').scrollTop = filter ? 0 : scroll;
    if (!filter) searchInfo('');
    else {
      var n = Object.keys(filter.sections).length;
      var q = Object.keys(filter.quotes).length;
      var what = [n ? n + (n === 1 ? ' section' : ' sections') : '', q ? q + (q === 1 ? ' quote' : ' quotes') : ''].filter(Boolean).join(', ');
      searchInfo(!what ? 'No matches.' : filter.partial ? 'Nothing has all the words; ' + what + ' with some of them.' : what + ' match.');
    }
    document.documentElement.dataset.searchQuery = query;
    document.documentElement.dataset.searchState = 'done';
  }
  function runSearch() {
    var q = $('tree-search').value.trim();
    var mine = ++searchSeq;
    document.documentElement.dataset.searchState = 'searching';
    if (!q) { filter = null; searchDone(q); return; }
    post('search', { q: q }).then(function (r) { return r.json(); }).then(function (res) {
      if (mine !== searchSeq) return; // a newer query is on its way
      if (!res.ok) { filter = null; searchDone(q); searchInfo((res.errors && res.errors[0] && res.errors[0].message) || 'search failed'); return; }
      if (!res.words.length) { filter = null; searchDone(q); searchInfo('Type words to search for.'); return; }
      filter = { query: q, partial: res.partial, sections: Object.create(null), quotes: Object.create(null) };
      res.hits.forEach(function (h) { (h.kind === 'quote' ? filter.quotes : filter.sections)[h.id] = h.line; });
      searchDone(q);
    }).catch(function (err) { if (mine === searchSeq) searchInfo('the search did not answer: ' + err); });
  }
  $('tree-search').addEventListener('input', function () { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 150); });
  $('tree-search').addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' && $('tree-search').value) { ev.preventDefault(); $('tree-search').value = ''; clearTimeout(searchTimer); runSearch(); }
    if (ev.key === 'Enter') { ev.preventDefault(); clearTimeout(searchTimer); runSearch(); }
  });
  function entryName(e) {
    if (e.kind === 'area') { var a = byId[e.area]; return (a ? label(a.title) : e.area) + (e.items ? ' — ' + window.briefingLabels.itemsLabel(e.items, lang()) : ''); }
    if (e.kind === 'quote') { var q = quotesById[e.id]; return q ? '“' + q.speakers.map(function (s) { return s[lang()]; }).join(', ') + '”' : e.id; }
    if (e.kind === 'doc') return e.doc;
    if (e.kind === 'slide') return (lang() === 'zh' ? '我方分析: ' : 'Our analysis: ') + (typeof e.slide.title === 'string' ? e.slide.title : e.slide.title[lang()] || e.slide.title.en || e.slide.title.zh);
    if (e.kind === 'file') return (lang() === 'zh' ? '我方分析: ' : 'Our analysis: ') + e.file;
    var s = byId[e.id]; return s ? label(s.title) : e.id;
  }
  var dragFrom = -1;
  function move(from, to) {
    if (to < 0 || to >= state.entries.length || from === to) return;
    var e = state.entries.splice(from, 1)[0];
    state.entries.splice(to, 0, e);
    changed();
  }

  /* ---- own slides: add, or edit one in place ---- */
  /* The own slide entry being edited in the form, or null. */
  var editing = null;
  /*
   * A text of the presenter's as the form shows it: a string, or the composer's language of a { en, zh } pair (the
   * other one if that is missing). Put back the same way: a pair keeps its other language.
   */
  function textOf(t) { return t === undefined || t === null ? '' : typeof t === 'string' ? t : (t[lang()] || t.en || t.zh || ''); }
  function withText(old, value) {
    if (old && typeof old === 'object') { var o = { en: old.en, zh: old.zh }; o[lang()] = value; if (o.en === undefined) delete o.en; if (o.zh === undefined) delete o.zh; return o; }
    return value;
  }
  function editSlide(i) {
    var e = state.entries[i];
    if (!e || e.kind !== 'slide') return;
    editing = e;
    $('o-title').value = textOf(e.slide.title);
    $('o-points').value = (e.slide.points || []).map(textOf).join('\n');
    $('o-notes').value = textOf(e.slide.notes);
    $('o-add').textContent = 'Update own slide';
    $('o-cancel').hidden = false;
    renderSelected();
    $('o-title').focus();
  }
  function stopEditing() {
    editing = null;
    $('o-title').value = ''; $('o-points').value = ''; $('o-notes').value = '';
    $('o-add').textContent = 'Add own slide';
    $('o-cancel').hidden = true;
  }
  function renderSelected() {
    var ol = $('selected');
    ol.textContent = '';
    state.entries.forEach(function (e, i) {
      var up = el('button', { type: 'button', 'aria-label': 'Move up: ' + entryName(e), text: '↑' });
      var down = el('button', { type: 'button', 'aria-label': 'Move down: ' + entryName(e), text: '↓' });
      var rm = el('button', { type: 'button', 'aria-label': 'Remove: ' + entryName(e), text: '×' });
      var edit = null;
      if (e.kind === 'slide') {
        edit = el('button', { type: 'button', 'aria-label': 'Edit: ' + entryName(e), text: '✎', class: 'edit' });
        edit.addEventListener('click', function () { editSlide(i); });
      }
      up.addEventListener('click', function () { move(i, i - 1); focusLater(i - 1, 0); });
      down.addEventListener('click', function () { move(i, i + 1); focusLater(i + 1, 1); });
      rm.addEventListener('click', function () {
        if (state.entries.splice(i, 1)[0] === editing) stopEditing();
        changed();
      });
      var li = el('li', { draggable: 'true', 'data-index': String(i) }, [el('span', { class: 'kind', text: e.group || (e.kind === 'id' ? (byId[e.id] ? byId[e.id].kind : 'id') : e.kind) }), el('span', { class: 'name', text: entryName(e) })].concat(edit ? [edit] : [], [up, down, rm]));
      if (e === editing) li.classList.add('editing');
      li.addEventListener('dragstart', function (ev) { dragFrom = i; li.classList.add('dragging'); ev.dataTransfer.effectAllowed = 'move'; ev.dataTransfer.setData('text/plain', String(i)); });
      li.addEventListener('dragend', function () { li.classList.remove('dragging'); dragFrom = -1; });
      li.addEventListener('dragover', function (ev) { ev.preventDefault(); li.classList.add('drop-target'); });
      li.addEventListener('dragleave', function () { li.classList.remove('drop-target'); });
      // Only an entry of this list can be dropped here; text or files dragged in from elsewhere change nothing.
      li.addEventListener('drop', function (ev) { ev.preventDefault(); li.classList.remove('drop-target'); if (dragFrom >= 0) move(dragFrom, i); dragFrom = -1; });
      ol.appendChild(li);
    });
  }
  function focusLater(index, which) {
    setTimeout(function () { var li = $('selected').children[index]; if (li) li.querySelectorAll('button')[which].focus(); }, 0);
  }
  function renderFields() {
    ['title', 'subtitle', 'presenter', 'audience', 'date', 'classification', 'version'].forEach(function (k) { $('f-' + k).value = state[k] || ''; });
    var radios = document.querySelectorAll('input[name=language]');
    for (var i = 0; i < radios.length; i++) radios[i].checked = radios[i].value === state.language;
    $('f-theme').value = state.theme;
    var deck = state.deck || {};
    ['agenda', 'notes', 'sources', 'quotes'].forEach(function (k) { $('d-' + k).checked = deck[k] !== false; });
    $('d-maxQuotes').value = deck.maxQuotes === undefined ? 2 : deck.maxQuotes;
    var brief = state.brief || {};
    $('b-bottomLine').value = brief.bottomLine || '';
    $('b-quotes').value = brief.quotes === undefined ? 2 : brief.quotes;
    $('f-exclude').value = (state.exclude || []).join(', ');
  }

  /* ---- preview ---- */
  /* A box ticked or unticked: the tree stays as it is (the focus too), its boxes follow the state. */
  function ticked() {
    // Asked for first: the page updates its boxes and lays them out while the server renders.
    clearTimeout(timer);
    preview();
    Array.prototype.forEach.call($('tree').querySelectorAll('input[type=checkbox]'), function (box) {
      if (box.briefingIsOn) box.checked = box.briefingIsOn();
    });
    renderSelected();
  }
  function changed() {
    // Re-rendering replaces the controls: keep the keyboard focus where it was.
    var focused = document.activeElement && document.activeElement.id;
    var scroll = $('tree').scrollTop;
    renderTree();
    renderSelected();
    $('tree').scrollTop = scroll;
    if (focused && $(focused)) $(focused).focus();
    // A click, a drag, a key: previewed at once (typing waits a little: see later()).
    clearTimeout(timer);
    timer = setTimeout(preview, 0);
  }
  /* One preview request at a time: changes made while one is on its way are previewed together right after it. */
  var inflight = false;
  var again = false;
  function preview() {
    if (inflight) { again = true; return Promise.resolve(); }
    inflight = true;
    again = false;
    var mine = ++version;
    $('preview-info').textContent = '(building…)';
    return post('preview', state).then(function (r) { return r.json(); }).then(function (res) {
      if (mine !== version) return;
      if (!res.ok) { showErrors(res.errors); $('preview-info').textContent = '(not rebuilt: see the errors)'; document.documentElement.dataset.previewState = 'error'; return; }
      showErrors([]);
      $('preview-info').textContent = '(' + res.slides + ' slides, ' + res.ms + ' ms)';
      var c = res.changes;
      var known = c && Array.isArray(c.pages) && Array.isArray(c.assets) && !c.assets.length;
      // The deck first; the brief is loaded again once the deck has been painted (both frames share the page's one
      // thread). The next preview need not wait for either.
      showDeck(res, mine, known ? c : null).then(function () {
        if (mine !== version || (known && c.pages.indexOf('brief.html') < 0)) return;
        afterPaint(function () { if (mine === version) $('brief-frame').src = res.brief + '?v=' + mine; });
      });
    }).catch(function (err) { showErrors([{ message: 'the preview server did not answer: ' + err }]); }).then(function () {
      inflight = false;
      if (again) preview();
    });
  }
  /* Run fn once the page has been painted (a frame drawn), not before. */
  function afterPaint(fn) { requestAnimationFrame(function () { setTimeout(fn, 0); }); }
  function previewShown(mine) {
    if (mine !== version) return;
    document.documentElement.dataset.previewVersion = String(mine);
    document.documentElement.dataset.previewState = 'ok';
  }
  /*
   * The deck preview: its changed slides, which came with the answer, swapped into the page shown (the live script's
   * apply, as `serve` does for an open deck), or the page loaded again when that cannot be done (the first preview,
   * an asset changed, the page around the slides changed). Resolves once the deck is shown.
   */
  function showDeck(res, mine, changes) {
    var frame = $('deck-frame');
    var live = null;
    try {
      var w = frame.contentWindow;
      if (w && w.location.pathname === res.deck && w.briefingLive) live = w.briefingLive;
    } catch (e) { live = null; }
    var load = function () {
      var hash = '';
      try { hash = frame.contentWindow.location.hash; } catch (e) { hash = ''; }
      return new Promise(function (resolve) {
        frame.addEventListener('load', function done() {
          frame.removeEventListener('load', done);
          previewShown(mine);
          resolve();
        });
        frame.src = res.deck + '?v=' + mine + (hash || '');
      });
    };
    if (!live || !changes) return load();
    if (changes.pages.indexOf('deck.html') < 0) {
      // The deck is as the new preview has it: the next one's slides can be taken from the answer.
      if (live.advance) live.advance(changes.from, changes.to);
      previewShown(mine);
      return Promise.resolve();
    }
    var shown = function (done) { if (done) { previewShown(mine); return undefined; } return load(); };
    if (changes.deck && live.apply) return live.apply(changes.deck).then(shown, load);
    return fetch(res.deck, { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        var b = r.headers.get('x-briefing-build');
        return r.text().then(function (text) { return live.swap(text, b ? Number(b) : undefined); });
      })
      .then(shown, load);
  }

  /* ---- actions ---- */
  $('save').addEventListener('click', function () {
    post('save', state).then(function (r) { return r.json(); }).then(function (res) {
      if (res.ok) { showErrors([]); status('Saved to ' + res.path); document.documentElement.dataset.saved = res.path; }
      else { showErrors(res.errors); status('Not saved: the spec has errors.'); }
    });
  });
  $('download').addEventListener('click', function () {
    status('Building a standalone deck…');
    post('download', state).then(function (r) {
      if (!r.ok) return r.json().then(function (res) { showErrors(res.errors); status('Not downloaded: the spec has errors.'); });
      return r.blob().then(function (blob) {
        var a = el('a', { href: URL.createObjectURL(blob), download: 'deck.html' });
        document.body.appendChild(a); a.click(); a.remove();
        status('Downloaded deck.html (' + Math.round(blob.size / 1024) + ' KiB, opens offline).');
      });
    });
  });
  $('pdf').addEventListener('click', function () {
    status('Exporting PDFs…');
    post('pdf', state).then(function (r) { return r.json(); }).then(function (res) {
      if (res.ok) status('PDFs: <a href="' + res.deck + '" target="_blank">deck.pdf</a> · <a href="' + res.brief + '" target="_blank">brief.pdf</a>', true);
      else { showErrors(res.errors); status('PDF export failed.'); }
    });
  });
  $('o-add').addEventListener('click', function () {
    var title = $('o-title').value.trim();
    if (!title) { $('o-title').focus(); return; }
    var points = $('o-points').value.split('\n').map(function (x) { return x.trim(); }).filter(Boolean);
    var notes = $('o-notes').value.trim();
    var at = editing ? state.entries.indexOf(editing) : -1;
    var old = at >= 0 ? editing.slide : null;
    // Edited in place: what the form does not show (text, image, the other language) is kept.
    var slide = {};
    if (old) for (var k in old) slide[k] = old[k];
    slide.title = withText(old && old.title, title);
    if (points.length) slide.points = points.map(function (p, j) { return withText(old && old.points && old.points[j], p); });
    else delete slide.points;
    if (notes) slide.notes = withText(old && old.notes, notes);
    else delete slide.notes;
    if (old) state.entries[at].slide = slide;
    else state.entries.push({ kind: 'slide', slide: slide });
    stopEditing();
    changed();
  });
  $('o-cancel').addEventListener('click', function () { stopEditing(); renderSelected(); });
  $('o-takeaway-set').addEventListener('click', function () {
    for (var i = state.entries.length - 1; i >= 0; i--) {
      var e = state.entries[i];
      if (e.kind === 'area' || e.kind === 'quote' || e.kind === 'doc' || (e.kind === 'id' && byId[e.id] && byId[e.id].kind === 'support')) {
        var t = $('o-takeaway').value.trim();
        if (t) e.takeaway = t; else delete e.takeaway;
        changed();
        return;
      }
    }
  });
  ['title', 'subtitle', 'presenter', 'audience', 'date', 'classification', 'version'].forEach(function (k) {
    $('f-' + k).addEventListener('input', function (ev) { state[k] = ev.target.value; clearTimeout(timer); timer = setTimeout(preview, 400); });
  });
  document.querySelectorAll('input[name=language]').forEach(function (r) {
    r.addEventListener('change', function () { state.language = r.value; changed(); });
  });
  $('f-theme').addEventListener('change', function (ev) { state.theme = ev.target.value; changed(); });
  // Deck and brief options, and exclude: what the spec's deck:, brief: and exclude: say.
  function later() { clearTimeout(timer); timer = setTimeout(preview, 400); }
  ['agenda', 'notes', 'sources', 'quotes'].forEach(function (k) {
    $('d-' + k).addEventListener('change', function (ev) { state.deck = state.deck || {}; state.deck[k] = ev.target.checked; later(); });
  });
  function whole(v) { var n = Number(v); return v !== '' && isFinite(n) ? n : undefined; }
  $('d-maxQuotes').addEventListener('input', function (ev) { state.deck = state.deck || {}; state.deck.maxQuotes = whole(ev.target.value); later(); });
  $('b-quotes').addEventListener('input', function (ev) { state.brief = state.brief || {}; state.brief.quotes = whole(ev.target.value); later(); });
  $('b-bottomLine').addEventListener('input', function (ev) { state.brief = state.brief || {}; state.brief.bottomLine = ev.target.value; later(); });
  $('f-exclude').addEventListener('input', function (ev) {
    state.exclude = ev.target.value.split(',').map(function (x) { return x.trim(); }).filter(Boolean);
    later();
  });

  /* ---- start ---- */
  Promise.all([fetch(API + 'corpus').then(function (r) { return r.json(); }), fetch(API + 'state').then(function (r) { return r.json(); })]).then(function (res) {
    corpus = res[0];
    corpus.documents.forEach(function (d) { d.nodes.forEach(function (n) { byId[n.id] = n; (n.children || []).forEach(function (c) { byId[c.id] = c; }); }); });
    corpus.quotes.forEach(function (q) { quotesById[q.id] = q; });
    $('spec-name').textContent = 'spec: ' + corpus.spec;
    corpus.themes.forEach(function (t) { $('f-theme').appendChild(el('option', { value: t, text: t })); });
    if (res[1].ok) state = res[1].state;
    else showErrors(res[1].errors);
    renderFields();
    changed();
    if ($('tree-search').value.trim()) runSearch(); // a query typed (or restored by the browser) before the corpus came
    document.documentElement.dataset.composerReady = 'true';
  });
})();
