// pve-audit report.html: grouping and filters of the findings, sorting of the other tables, printing.
// Inlined by HtmlReport and admitted by the page's CSP through its SHA-256. The page reads fully without it.
// Text from Proxmox only ever reaches the page through textContent, never as markup.
(function () {
  'use strict';
  var FACETS = ['severity', 'cluster', 'state', 'rule'];
  var DEFAULTS = {severity: '', cluster: '', state: '', rule: '', group: 'rule'};
  var SEVERITY = {critical: 0, high: 1, medium: 2, low: 3, info: 4};

  var table = document.getElementById('findings');
  var form = document.getElementById('filters');
  if (table && form) {
    findings(table, form);
  }
  sortable();
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });

  function findings(table, form) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.querySelectorAll('tr.finding'));
    rows.forEach(function (r, i) { r.dataset.order = i; });
    var selects = {};
    Object.keys(DEFAULTS).forEach(function (n) { selects[n] = form.elements[n]; });
    var count = document.getElementById('findings-count');
    var expanded = {};

    form.hidden = false;
    form.addEventListener('change', function () { apply(true); });
    document.getElementById('filters-reset').addEventListener('click', function () {
      Object.keys(DEFAULTS).forEach(function (n) { selects[n].value = DEFAULTS[n]; });
      apply(true);
    });
    document.getElementById('expand-all').addEventListener('click', function () {
      var open = this.getAttribute('aria-pressed') !== 'true';
      this.setAttribute('aria-pressed', open);
      this.textContent = open ? 'Collapse all' : 'Expand all';
      body.querySelectorAll('tr.group').forEach(function (g) { expanded[g.dataset.key] = open; });
      apply(false);
    });
    window.addEventListener('hashchange', function () {
      if (restore()) {
        apply(false);
      }
    });
    var linked = restore();
    apply(false);
    if (linked) {
      document.getElementById('sec-findings').scrollIntoView();
    }

    function value(row, name) {
      return row.getAttribute('data-' + name) || '';
    }

    function matches(row, except) {
      return FACETS.every(function (n) {
        return n === except || selects[n].value === '' || value(row, n) === selects[n].value;
      });
    }

    /** Reads the filters from a fragment such as #f:severity=high&group=principal; false when there is none. */
    function restore() {
      if (location.hash.indexOf('#f:') !== 0) {
        return false;
      }
      var params = new URLSearchParams(location.hash.slice(3));
      Object.keys(DEFAULTS).forEach(function (n) {
        var v = params.has(n) ? params.get(n) : DEFAULTS[n];
        var known = Array.prototype.some.call(selects[n].options, function (o) { return o.value === v; });
        selects[n].value = known ? v : DEFAULTS[n];
      });
      return true;
    }

    function save() {
      var params = new URLSearchParams();
      Object.keys(DEFAULTS).forEach(function (n) {
        if (selects[n].value !== DEFAULTS[n]) {
          params.set(n, selects[n].value);
        }
      });
      var hash = '#f:' + params.toString();
      try {
        history.replaceState(null, '', hash);
      } catch (e) {
        location.hash = hash; // some browsers refuse replaceState on file: pages
      }
    }

    function apply(store) {
      FACETS.forEach(function (n) {
        var counts = {};
        var all = 0;
        rows.forEach(function (r) {
          if (matches(r, n)) {
            all++;
            counts[value(r, n)] = (counts[value(r, n)] || 0) + 1;
          }
        });
        Array.prototype.forEach.call(selects[n].options, function (o) {
          o.textContent = o.getAttribute('data-label') + ' (' + (o.value === '' ? all : counts[o.value] || 0) + ')';
        });
      });
      var shown = 0;
      rows.forEach(function (r) {
        var m = matches(r);
        r.classList.toggle('filtered', !m);
        shown += m ? 1 : 0;
      });
      count.textContent = shown + ' of ' + rows.length + ' findings';
      group();
      if (store) {
        save();
      }
    }

    /** Orders the rows by group (groups in the order of their most severe row) and puts a header above each. */
    function group() {
      body.querySelectorAll('tr.group').forEach(function (g) { g.remove(); });
      var by = selects.group.value;
      var key = by === 'principal' ? 'who' : by;
      var first = {};
      rows.forEach(function (r) {
        var k = value(r, key);
        if (!(k in first)) {
          first[k] = +r.dataset.order;
        }
      });
      var ordered = rows.slice().sort(function (a, b) {
        return by ? first[value(a, key)] - first[value(b, key)] || a.dataset.order - b.dataset.order
          : a.dataset.order - b.dataset.order;
      });
      var members = [];
      ordered.forEach(function (r, i) {
        members.push(r);
        var last = i === ordered.length - 1 || !by || value(ordered[i + 1], key) !== value(r, key);
        if (last) {
          place(by, key, members);
          members = [];
        }
      });
    }

    function place(by, key, members) {
      if (!by) {
        members.forEach(function (r) {
          r.classList.remove('collapsed');
          body.appendChild(r);
        });
        return;
      }
      var id = by + ':' + value(members[0], key);
      var open = expanded[id] === true;
      var visible = members.filter(function (r) { return !r.classList.contains('filtered'); });
      var header = groupRow(by, key, id, members[0], visible, open);
      body.appendChild(header);
      members.forEach(function (r) {
        r.classList.toggle('collapsed', !open);
        body.appendChild(r);
      });
    }

    function groupRow(by, key, id, sample, visible, open) {
      var tr = document.createElement('tr');
      tr.className = 'group';
      tr.dataset.key = id;
      tr.classList.toggle('filtered', visible.length === 0);
      var td = document.createElement('td');
      td.colSpan = 8;
      var button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-expanded', open);
      var worst = visible.reduce(function (w, r) {
        return SEVERITY[value(r, 'severity')] < SEVERITY[w] ? value(r, 'severity') : w;
      }, 'info');
      var fresh = visible.filter(function (r) {
        return value(r, 'state') === 'new' || value(r, 'state') === 'regressed';
      }).length;
      button.appendChild(text('span', open ? '▾ ' : '▸ '));
      button.appendChild(text('span', worst, 'sev sev-' + worst));
      button.appendChild(document.createTextNode(' '));
      var title = by === 'rule' ? value(sample, 'rule') + ' ' + value(sample, 'title')
        : by === 'principal' ? value(sample, 'who') || '(no principal)' : value(sample, 'cluster');
      button.appendChild(text('strong', title));
      button.appendChild(document.createTextNode(' · ' + visible.length + ' finding' + (visible.length === 1 ? '' : 's')
        + (fresh ? ' (' + fresh + ' new or regressed)' : '')));
      var others = by === 'rule' ? 'who' : 'rule';
      button.appendChild(text('div', summary(visible, others), 'subjects'));
      button.addEventListener('click', function () {
        expanded[id] = !open;
        group();
      });
      td.appendChild(button);
      tr.appendChild(td);
      return tr;
    }

    /** The first few distinct values of a column among the rows, and how many more. */
    function summary(visible, name) {
      var seen = [];
      visible.forEach(function (r) {
        var v = value(r, name);
        if (v && seen.indexOf(v) < 0) {
          seen.push(v);
        }
      });
      var shown = seen.slice(0, 6).join(', ');
      return seen.length > 6 ? shown + ' +' + (seen.length - 6) + ' more' : shown;
    }
  }

  function text(tag, content, className) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (className) {
      el.className = className;
    }
    return el;
  }

  function sortable() {
    document.querySelectorAll('table.sortable th').forEach(function (th) {
      th.addEventListener('click', function () {
        var body = th.closest('table').tBodies[0];
        var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
        var asc = th.getAttribute('data-asc') !== 'true';
        th.setAttribute('data-asc', asc);
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[idx].textContent.trim();
          var y = b.cells[idx].textContent.trim();
          var ox = SEVERITY[x];
          var oy = SEVERITY[y];
          var c = ox !== undefined && oy !== undefined ? ox - oy
            : !isNaN(x) && !isNaN(y) && x !== '' && y !== '' ? x - y : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
})();
