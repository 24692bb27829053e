// The simulated portal's client-side script (plain JS, no build step). It draws the case list from the
// JSON embedded in the page and re-draws the rows in place on every change, as a single-page app does.
// Every value goes into the page through textContent, never innerHTML: a cell holding
// "<img src=x onerror=alert(1)>" shows as text.
(function () {
  'use strict';

  // ------------------------------------------------------------------------------------------
  // Notifications (every page): the bell counts prepared exports not yet marked as read.

  var bell = document.getElementById('bell');
  var bellCount = document.getElementById('bell-count');
  var panel = document.getElementById('notifications');
  var notificationList = document.getElementById('notification-list');
  var notificationEmpty = document.getElementById('notification-empty');
  var exportsSeen = [];
  var onExportsChanged = [];

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    if (attributes) {
      for (var name in attributes) {
        if (Object.prototype.hasOwnProperty.call(attributes, name)) node.setAttribute(name, attributes[name]);
      }
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function ago(iso) {
    var seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
    if (seconds < 45) return 'a few seconds ago';
    if (seconds < 90) return 'a minute ago';
    var minutes = Math.round(seconds / 60);
    if (minutes < 45) return minutes + ' minutes ago';
    return 'over an hour ago';
  }

  function drawNotifications() {
    var ready = exportsSeen.filter(function (item) { return item.ready; });
    var unread = ready.filter(function (item) { return !item.read; });
    bellCount.textContent = String(unread.length);
    bellCount.hidden = unread.length === 0;
    bell.setAttribute('aria-label', unread.length ? 'Notifications (' + unread.length + ' unread)' : 'Notifications');
    var items = ready.map(function (item) {
      var li = el('li', { class: item.read ? 'portal-notification read' : 'portal-notification' });
      li.appendChild(el('span', { class: 'portal-notification-text' }, 'Case list exported file is ready for download'));
      li.appendChild(el('span', { class: 'portal-notification-time' }, ago(item.createdAt)));
      if (!item.read) {
        var mark = el('button', { type: 'button', class: 'portal-link' }, 'Mark as read');
        mark.addEventListener('click', function () {
          fetch('/api/exports/' + item.id + '/read', { method: 'POST' }).then(refreshExports);
        });
        li.appendChild(mark);
      }
      return li;
    });
    notificationList.replaceChildren.apply(notificationList, items);
    notificationEmpty.hidden = items.length > 0;
  }

  var pollTimer = 0;
  function refreshExports() {
    return fetch('/api/exports', { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        exportsSeen = body.exports;
        drawNotifications();
        onExportsChanged.forEach(function (listener) { listener(exportsSeen); });
        var waiting = exportsSeen.filter(function (item) { return !item.ready; });
        clearTimeout(pollTimer);
        if (waiting.length) {
          var soonest = Math.min.apply(null, waiting.map(function (item) { return item.readyInMs; }));
          pollTimer = setTimeout(refreshExports, Math.max(100, soonest + 50));
        }
      })
      .catch(function () { /* the portal went away (tests close it): nothing to show */ });
  }

  bell.addEventListener('click', function () {
    panel.hidden = !panel.hidden;
    bell.setAttribute('aria-expanded', String(!panel.hidden));
  });
  document.addEventListener('click', function (event) {
    if (!panel.hidden && !panel.contains(event.target) && !bell.contains(event.target)) {
      panel.hidden = true;
      bell.setAttribute('aria-expanded', 'false');
    }
  });
  refreshExports();

  // ------------------------------------------------------------------------------------------
  // View case list

  var dataNode = document.getElementById('portal-data');
  if (!dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var FLAVOUR = data.flavour;
  var FIELDS = data.fields;
  var FIELD_BY_KEY = {};
  FIELDS.forEach(function (field) { FIELD_BY_KEY[field.key] = field; });
  var CASES = data.cases;
  var TODAY = data.today; // yyyy-MM-dd

  function sortableDate(text) {
    // dd-MM-yyyy -> yyyy-MM-dd, so dates sort as strings; empty sorts first.
    return text ? text.slice(6, 10) + '-' + text.slice(3, 5) + '-' + text.slice(0, 2) : '';
  }
  function isOpen(record) { return record.closureDate === ''; }
  function isOverdue(record) {
    return record.businessFileRequiredByDate !== '' && record.businessFileReceivedDate === '' && sortableDate(record.businessFileRequiredByDate) < TODAY;
  }

  function defaultState() {
    return {
      search: '',
      stage: '',
      priorityOnly: false,
      actionOnly: false,
      overdueOnly: false,
      openOnly: true,
      columns: data.defaultColumns.slice(),
      sortKey: null,
      sortDirection: 'ascending',
      page: 0,
      pageSize: 10,
      density: 'list',
    };
  }
  var state = defaultState();
  var selected = new Set(); // case references, kept across pages, sorting and filtering
  var visible = []; // the rows on the current page
  var listed = []; // every row that passes the filters, sorted

  var $ = function (id) { return document.getElementById(id); };
  var search = $('case-search');
  var openOnly = $('open-only');
  var rowsPerPage = $('rows-per-page');
  var selectedCount = $('selected-count');
  var exportMessage = $('export-message');
  var wrap = $('table-wrap');
  var noRows = $('no-rows');

  // The two markup flavours share everything but the elements.
  var headRow, body, grid;
  if (FLAVOUR === 'table') {
    var table = wrap.querySelector('table');
    headRow = table.querySelector('thead tr');
    body = table.querySelector('tbody');
  } else {
    grid = wrap.querySelector('[role="grid"]');
    var headGroup = grid.children[0];
    headRow = el('div', { role: 'row', class: 'portal-grid-row portal-grid-header-row', 'aria-rowindex': '1' });
    headGroup.appendChild(headRow);
    body = grid.children[1];
  }

  function compute() {
    var needle = state.search.trim().toLowerCase();
    listed = CASES.filter(function (record) {
      if (state.openOnly && !isOpen(record)) return false;
      if (state.stage && record.caseStage !== state.stage) return false;
      if (state.priorityOnly && record.priorityCaseFlag !== 'Yes') return false;
      if (state.actionOnly && record.actionRequired !== 'Yes') return false;
      if (state.overdueOnly && !isOverdue(record)) return false;
      if (needle) {
        for (var i = 0; i < FIELDS.length; i += 1) {
          if (record[FIELDS[i].key].toLowerCase().indexOf(needle) !== -1) return true;
        }
        return false;
      }
      return true;
    });
    if (state.sortKey) {
      var key = state.sortKey;
      var type = FIELD_BY_KEY[key].type;
      var sign = state.sortDirection === 'ascending' ? 1 : -1;
      var value = type === 'date' ? function (r) { return sortableDate(r[key]); }
        : type === 'number' ? function (r) { return r[key] === '' ? -Infinity : Number(r[key]); }
        : function (r) { return r[key].toLowerCase(); };
      listed = listed
        .map(function (record, index) { return { record: record, index: index, value: value(record) }; })
        .sort(function (a, b) { return a.value < b.value ? -sign : a.value > b.value ? sign : a.index - b.index; })
        .map(function (item) { return item.record; });
    }
    var pages = Math.max(1, Math.ceil(listed.length / state.pageSize));
    if (state.page >= pages) state.page = pages - 1;
    visible = listed.slice(state.page * state.pageSize, (state.page + 1) * state.pageSize);
  }

  // ---- checkboxes: inputs in the table flavour, role=checkbox divs in the grid flavour

  function makeCheckbox(label, checked) {
    if (FLAVOUR === 'table') {
      var input = el('input', { type: 'checkbox', 'aria-label': label });
      input.checked = checked;
      return input;
    }
    return el('div', { role: 'checkbox', 'aria-checked': String(checked), tabindex: '0', 'aria-label': label, class: 'portal-checkbox' });
  }
  function setCheckbox(box, value) {
    // value: true, false or 'mixed'
    if (FLAVOUR === 'table') {
      box.checked = value === true;
      box.indeterminate = value === 'mixed';
    } else {
      box.setAttribute('aria-checked', String(value));
    }
  }
  function isChecked(box) {
    return FLAVOUR === 'table' ? box.checked : box.getAttribute('aria-checked') === 'true';
  }

  var selectAll = makeCheckbox('Select all cases on this page', false);
  selectAll.classList.add('portal-select-all');

  // ---- drawing

  function drawHeader() {
    var cells = [];
    if (FLAVOUR === 'table') {
      var selectCell = el('th', { scope: 'col', class: 'portal-select-col' });
      selectCell.appendChild(selectAll);
      cells.push(selectCell);
    }
    state.columns.forEach(function (key, index) {
      var cell = FLAVOUR === 'table'
        ? el('th', { scope: 'col', class: 'portal-sortable', tabindex: '0' })
        : el('div', { role: 'columnheader', class: 'portal-grid-cell portal-sortable', tabindex: '0', 'aria-colindex': String(index + 1) });
      if (FLAVOUR === 'grid' && key === 'caseReference') cell.appendChild(selectAll);
      cell.appendChild(el('span', { class: 'portal-header-label' }, FIELD_BY_KEY[key].label));
      if (state.sortKey === key) cell.setAttribute('aria-sort', state.sortDirection);
      headerKeys.set(cell, key);
      cells.push(cell);
    });
    headRow.replaceChildren.apply(headRow, cells);
    // Every row of the grid is its own CSS grid, so columns line up only with fixed widths (as
    // component libraries do).
    if (grid) grid.style.setProperty('--portal-columns', state.columns.map(columnWidth).join(' '));
  }
  var headerKeys = new WeakMap();
  var WIDTH_BY_TYPE = { key: 200, text: 180, category: 280, date: 150, flag: 110, person: 190, email: 290, number: 90 };
  var WIDTH_BY_KEY = { caseProgress: 380, businessReference: 170, latestOutcome: 230, closureOutcome: 280 };
  function columnWidth(key) {
    return (WIDTH_BY_KEY[key] || WIDTH_BY_TYPE[FIELD_BY_KEY[key].type] || 160) + 'px';
  }

  function drawRows() {
    var rows = visible.map(function (record, rowIndex) {
      var isSelected = selected.has(record.caseReference);
      var row = FLAVOUR === 'table'
        ? el('tr', isSelected ? { class: 'portal-row-selected' } : null)
        : el('div', { role: 'row', class: 'portal-grid-row' + (isSelected ? ' portal-row-selected' : ''), 'aria-selected': String(isSelected), 'aria-rowindex': String(state.page * state.pageSize + rowIndex + 2) });
      var box = makeCheckbox('Select case ' + record.caseReference, isSelected);
      box.classList.add('portal-row-checkbox');
      rowReferences.set(box, record.caseReference);
      if (FLAVOUR === 'table') {
        var selectCell = el('td', { class: 'portal-select-col' });
        selectCell.appendChild(box);
        row.appendChild(selectCell);
      }
      state.columns.forEach(function (key, index) {
        var cell = FLAVOUR === 'table' ? el('td') : el('div', { role: 'gridcell', class: 'portal-grid-cell', 'aria-colindex': String(index + 1) });
        if (FLAVOUR === 'grid' && key === 'caseReference') cell.appendChild(box);
        var value = record[key];
        if (key === 'caseReference') {
          // The portal links each reference to its case page.
          cell.appendChild(el('a', { href: '#case-' + encodeURIComponent(value), class: 'portal-case-link' }, value));
        } else {
          cell.appendChild(document.createTextNode(value));
        }
        row.appendChild(cell);
      });
      return row;
    });
    body.replaceChildren.apply(body, rows);
    noRows.hidden = rows.length > 0;
    if (grid) grid.setAttribute('aria-rowcount', String(listed.length + 1));
  }
  var rowReferences = new WeakMap();

  function drawCounts() {
    var from = listed.length === 0 ? 0 : state.page * state.pageSize + 1;
    var to = state.page * state.pageSize + visible.length;
    $('page-range').textContent = from + '-' + to + ' of ' + listed.length;
    $('prev-page').disabled = state.page === 0;
    $('next-page').disabled = to >= listed.length;
    $('card-total').textContent = String(listed.length);
    $('card-priority').textContent = String(listed.filter(function (r) { return r.priorityCaseFlag === 'Yes'; }).length);
    $('card-action').textContent = String(listed.filter(function (r) { return r.actionRequired === 'Yes'; }).length);
    $('card-overdue').textContent = String(listed.filter(isOverdue).length);
    drawSelection();
  }

  function drawSelection() {
    selectedCount.textContent = 'Cases selected: ' + selected.size;
    var onPage = visible.filter(function (record) { return selected.has(record.caseReference); }).length;
    setCheckbox(selectAll, onPage === 0 ? false : onPage === visible.length ? true : 'mixed');
  }

  function render(headerToo) {
    compute();
    if (headerToo) drawHeader();
    else syncSortMarks();
    drawRows();
    drawCounts();
  }
  function syncSortMarks() {
    Array.prototype.forEach.call(headRow.children, function (cell) {
      var key = headerKeys.get(cell);
      if (!key) return;
      if (key === state.sortKey) cell.setAttribute('aria-sort', state.sortDirection);
      else cell.removeAttribute('aria-sort');
    });
  }

  // ---- selection, with the listeners a real app would use

  function toggleRow(box, value) {
    var reference = rowReferences.get(box);
    if (!reference) return;
    if (value) selected.add(reference);
    else selected.delete(reference);
    setCheckbox(box, value);
    var row = box.closest(FLAVOUR === 'table' ? 'tr' : '[role="row"]');
    row.classList.toggle('portal-row-selected', value);
    if (FLAVOUR === 'grid') row.setAttribute('aria-selected', String(value));
    exportMessage.hidden = true;
    drawSelection();
  }
  function toggleAll(value) {
    visible.forEach(function (record) {
      if (value) selected.add(record.caseReference);
      else selected.delete(record.caseReference);
    });
    exportMessage.hidden = true;
    drawRows();
    drawSelection();
  }

  if (FLAVOUR === 'table') {
    wrap.addEventListener('change', function (event) {
      var target = event.target;
      if (target === selectAll) toggleAll(selectAll.checked);
      else if (rowReferences.has(target)) toggleRow(target, target.checked);
    });
  } else {
    var flip = function (box) {
      // A mixed or clear header box selects the page; a ticked one clears it.
      if (box === selectAll) toggleAll(!isChecked(selectAll));
      else if (rowReferences.has(box)) toggleRow(box, !isChecked(box));
    };
    wrap.addEventListener('click', function (event) {
      var box = event.target.closest && event.target.closest('[role="checkbox"]');
      if (box && wrap.contains(box)) {
        event.stopPropagation();
        flip(box);
      }
    });
    wrap.addEventListener('keydown', function (event) {
      var box = event.target.closest && event.target.closest('[role="checkbox"]');
      if (box && (event.key === ' ' || event.key === 'Enter')) {
        event.preventDefault();
        flip(box);
      }
    });
  }

  // ---- sorting by column header

  function sortBy(cell) {
    var key = headerKeys.get(cell);
    if (!key) return;
    if (state.sortKey === key) state.sortDirection = state.sortDirection === 'ascending' ? 'descending' : 'ascending';
    else {
      state.sortKey = key;
      state.sortDirection = 'ascending';
    }
    state.page = 0;
    render(false);
  }
  headRow.addEventListener('click', function (event) {
    if (event.target.closest('input, [role="checkbox"]')) return;
    var cell = event.target.closest('th, [role="columnheader"]');
    if (cell) sortBy(cell);
  });
  headRow.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.target.closest('input, [role="checkbox"]')) return;
    var cell = event.target.closest('th, [role="columnheader"]');
    if (cell) sortBy(cell);
  });

  // ---- search, filter, toggle, reset, paging, density, columns, full screen

  search.addEventListener('input', function () {
    state.search = search.value;
    state.page = 0;
    render(false);
  });
  $('filter-button').addEventListener('click', function () {
    var filterPanel = $('filter-panel');
    filterPanel.hidden = !filterPanel.hidden;
    this.setAttribute('aria-expanded', String(!filterPanel.hidden));
  });
  $('filter-panel').addEventListener('change', function () {
    state.stage = $('filter-stage').value;
    state.priorityOnly = $('filter-priority').checked;
    state.actionOnly = $('filter-action').checked;
    state.overdueOnly = $('filter-overdue').checked;
    state.page = 0;
    render(false);
  });
  openOnly.addEventListener('change', function () {
    state.openOnly = openOnly.checked;
    state.page = 0;
    render(false);
  });
  rowsPerPage.addEventListener('change', function () {
    state.pageSize = Number(rowsPerPage.value);
    state.page = 0;
    render(false);
  });
  $('prev-page').addEventListener('click', function () {
    if (state.page > 0) {
      state.page -= 1;
      render(false);
    }
  });
  $('next-page').addEventListener('click', function () {
    if ((state.page + 1) * state.pageSize < listed.length) {
      state.page += 1;
      render(false);
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-density]'), function (button) {
    button.addEventListener('click', function () {
      state.density = button.getAttribute('data-density');
      drawDensity();
      render(false);
    });
  });
  function drawDensity() {
    wrap.classList.toggle('density-list', state.density === 'list');
    wrap.classList.toggle('density-grid', state.density === 'grid');
    Array.prototype.forEach.call(document.querySelectorAll('[data-density]'), function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-density') === state.density));
    });
  }
  var chooser = $('column-chooser');
  chooser.addEventListener('change', function () {
    var chosen = {};
    Array.prototype.forEach.call(chooser.querySelectorAll('input[name="column"]'), function (input) {
      if (input.checked) chosen[input.value] = true;
    });
    // Columns keep the glossary's order.
    state.columns = FIELDS.map(function (field) { return field.key; }).filter(function (key) { return chosen[key]; });
    if (state.sortKey && !chosen[state.sortKey]) state.sortKey = null;
    render(true);
  });
  function drawChooser() {
    Array.prototype.forEach.call(chooser.querySelectorAll('input[name="column"]'), function (input) {
      input.checked = state.columns.indexOf(input.value) !== -1;
    });
  }
  var fullscreen = $('fullscreen');
  fullscreen.addEventListener('click', function () {
    var on = document.getElementById('case-list').classList.toggle('portal-fullscreen');
    fullscreen.textContent = on ? 'Exit full-screen view' : 'Expand to full-screen view';
  });
  $('reset-view').addEventListener('click', function () {
    state = defaultState();
    search.value = '';
    openOnly.checked = true;
    rowsPerPage.value = '10';
    $('filter-stage').value = '';
    $('filter-priority').checked = false;
    $('filter-action').checked = false;
    $('filter-overdue').checked = false;
    drawChooser();
    drawDensity();
    render(true);
  });

  // ---- quick actions and export

  var quickMessage = $('quick-message');
  function quick(text) {
    quickMessage.textContent = text;
    quickMessage.hidden = false;
  }
  $('update-cases').addEventListener('click', function () { quick('Updating cases is not available in this simulated portal.'); });
  $('assign-cases').addEventListener('click', function () {
    quick(selected.size ? selected.size + ' case(s) would be assigned (not available in this simulated portal).' : 'Select the cases to assign first.');
  });
  $('available-button').addEventListener('click', function () {
    var section = $('available-for-download');
    section.scrollIntoView({ behavior: 'auto', block: 'start' });
    section.classList.add('portal-highlight');
    setTimeout(function () { section.classList.remove('portal-highlight'); }, 1200);
  });

  function showExportError(text) {
    exportMessage.textContent = text;
    exportMessage.hidden = false;
  }
  var modal = $('export-modal');
  $('export-modal-close').addEventListener('click', function () { modal.hidden = true; });

  function requestExport(payload) {
    exportMessage.hidden = true;
    return fetch('/api/exports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            showExportError(body.error || 'The export could not be started.');
            return;
          }
          modal.hidden = false;
          $('export-modal-close').focus();
          refreshExports();
        });
      })
      .catch(function () { showExportError('The export could not be started. Please try again.'); });
  }
  $('export-selected').addEventListener('click', function () {
    if (selected.size === 0) return showExportError('Select at least one case to download.');
    if (selected.size > data.maxSelected) {
      return showExportError('You can only select ' + data.maxSelected + ' cases for each download. You have selected ' + selected.size + '.');
    }
    requestExport({ references: Array.from(selected) });
  });
  $('export-all').addEventListener('click', function () {
    requestExport({ all: true, openOnly: state.openOnly });
  });

  var downloadList = $('download-list');
  onExportsChanged.push(function (items) {
    var rows = items.map(function (item) {
      var li = el('li', { class: 'portal-download' });
      li.appendChild(el('span', { class: 'portal-download-name' }, item.name));
      li.appendChild(el('span', { class: 'portal-download-meta' }, item.count + (item.count === 1 ? ' case' : ' cases')));
      if (item.ready) {
        var link = el('a', { href: item.url, download: item.name, class: 'portal-download-arrow', 'aria-label': 'Download ' + item.name, title: 'Download' }, '\u2193');
        li.appendChild(link);
      } else {
        li.appendChild(el('span', { class: 'portal-download-meta' }, 'Preparing\u2026'));
      }
      return li;
    });
    downloadList.replaceChildren.apply(downloadList, rows);
    $('downloads-empty').hidden = rows.length > 0;
  });

  render(true);
})();
