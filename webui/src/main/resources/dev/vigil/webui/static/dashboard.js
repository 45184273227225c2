// Vigil's dashboard: polls the JSON API every 2 s and redraws in place. Text from the server is
// always set with textContent, never parsed as HTML.
(function () {
  "use strict";

  var REFRESH_MS = 2000;
  var COLORS = { ok: "#0072B2", warn: "#E69F00", bad: "#D55E00", p50: "#0072B2", p99: "#E69F00", p999: "#CC79A7", max: "#D55E00", consume: "#009E73" };
  var ICONS = { HEALTHY: "✓", DEGRADED: "!", DOWN: "✕", FAILED: "✕", STARTING: "…" };
  // FAILED is Vigil's own failure, not the cluster's: the banner says so in words.
  var LEVEL_TEXT = { FAILED: "MONITOR FAILED" };

  var state = { cluster: null, charts: {}, logScale: false, busy: false, range: "15m", series: null,
    grid: { open: false, from: 0 } };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k === "cls") { node.className = attrs[k]; }
      else if (k.indexOf("on") === 0) { node.addEventListener(k.substring(2), attrs[k]); }
      else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function replaceChildren(node, children) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    children.forEach(function (c) { node.appendChild(c); });
  }

  function pct(v) { return v === null || v === undefined ? "no data" : (Math.floor(v * 10000) / 100).toFixed(2) + " %"; }
  function ms(v) { return v === null || v === undefined ? "–" : (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + " ms"; }
  function axisMs(v) { return v === null ? "" : v >= 1000 ? +(v / 1000).toFixed(2) + " s" : +v.toFixed(2) + " ms"; }
  function time(epochMs) { return new Date(epochMs).toLocaleTimeString(); }

  function getJson(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" }).then(function (r) {
      if (!r.ok) { return r.json().then(function (b) { throw new Error(b.error || ("HTTP " + r.status)); }); }
      return r.json();
    });
  }

  function postJson(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) { throw new Error(b.error || ("HTTP " + r.status)); } return b; }); });
  }

  // ---- clusters ------------------------------------------------------------------------------

  function refreshClusters() {
    return getJson("api/v1/clusters").then(function (body) {
      var names = body.clusters.map(function (c) { return c.name; });
      var fromHash = decodeURIComponent(location.hash.replace(/^#/, ""));
      if (names.indexOf(fromHash) >= 0) { state.cluster = fromHash; }
      if (names.indexOf(state.cluster) < 0) { state.cluster = names.length ? names[0] : null; }
      var select = $("cluster-select");
      replaceChildren(select, body.clusters.map(function (c) {
        var option = el("option", { value: c.name, text: c.name + " — " + c.health.level });
        option.selected = c.name === state.cluster;
        return option;
      }));
      $("cluster-picker").hidden = names.length < 2;
      // Several Vigils may watch one cluster (one per zone): say which one this page is.
      var who = Object.keys(body.instance).map(function (k) { return k + " " + body.instance[k]; });
      $("instance").textContent = who.join(" · ");
      $("instance").hidden = who.length === 0;
    });
  }

  // ---- one cluster ---------------------------------------------------------------------------

  function refreshCluster() {
    if (!state.cluster) {
      $("updated").textContent = "no cluster configured";
      return Promise.resolve();
    }
    // The overview, not the whole page: its size does not grow with the partitions (see "Dashboard" in README.md).
    return getJson("api/v1/clusters/" + encodeURIComponent(state.cluster) + "/overview").then(function (page) {
      renderBanner(page.health);
      renderCards(page.cluster);
      renderState(page.cluster.clusterState);
      renderPartitionSummary(page.partitions, page.cluster.partitions);
      renderBrokers(page.cluster.brokers);
      renderEvents(page.cluster.events);
      renderProbes(page.cluster.probes);
      renderSandbox(page.sandbox);
      $("updated").textContent = "updated " + time(page.now);
      return Promise.all([refreshSeries(), refreshGrid(),
        getJson("api/v1/clusters/" + encodeURIComponent(state.cluster) + "/episodes?subjects=broker,leader_move&recent=10")
          .then(function (episodes) { renderEpisodes(episodes, page.cluster.brokers, page.now); })]);
    });
  }

  function renderBanner(health) {
    var banner = $("banner");
    banner.setAttribute("data-level", health.level);
    $("banner-icon").textContent = ICONS[health.level] || "?";
    $("banner-text").textContent = LEVEL_TEXT[health.level] || health.level;
    replaceChildren($("banner-reasons"), health.reasons.map(function (r) { return el("li", { text: r }); }));
    replaceChildren($("banner-notices"), health.notices.map(function (r) { return el("li", { text: r }); }));
  }

  function card(label, value, alert) {
    return el("div", { cls: "card" + (alert ? " alert" : "") }, [
      el("div", { cls: "label", text: label }), el("div", { cls: "value", text: value })]);
  }

  function renderCards(c) {
    var t = c.totals;
    replaceChildren($("cards"), [
      card("produce availability (60 s, mean of partitions)", pct(t.produceAvailability), t.produceAvailability !== null && t.produceAvailability < 1),
      card("consume availability (60 s, mean of partitions)", pct(t.consumeAvailability), t.consumeAvailability !== null && t.consumeAvailability < 1),
      card("end-to-end p99", ms(t.e2eLatency.p99)),
      card("produce p99", ms(t.produceLatency.p99)),
      card("lost, acknowledged", String(t.lostAcked), t.lostAcked > 0),
      card("lost, acknowledged and read, then truncated", String(t.lostAckedAfterRead), t.lostAckedAfterRead > 0),
      card("lost, unacknowledged", String(t.lostUnacked), t.lostUnacked > 0),
      card("duplicates", String(t.duplicates), t.duplicates > 0),
      card("late", String(t.late)),
      card("truncations", String(t.truncations), t.truncations > 0),
      card("foreign records", String(t.foreignRecords))
    ]);
  }

  // ---- charts --------------------------------------------------------------------------------

  var CHARTS = [
    { id: "chart-availability", latency: false, series: [
      { key: "produceAvailability10s", dayKey: "produceAvailability1m", label: "produce, 10 s", dayLabel: "produce, 1 min", stroke: COLORS.ok },
      { key: "consumeAvailability10s", dayKey: "consumeAvailability1m", label: "consume, 10 s", dayLabel: "consume, 1 min", stroke: COLORS.consume, dash: [6, 4] }] },
    { id: "chart-e2e", latency: true, series: [
      { key: "e2eP50", label: "p50", stroke: COLORS.p50 }, { key: "e2eP99", label: "p99", stroke: COLORS.p99 },
      { key: "e2eP999", label: "p99.9", stroke: COLORS.p999 }, { key: "e2eMax", label: "max", stroke: COLORS.max, dash: [4, 4] }] },
    { id: "chart-produce", latency: true, series: [
      { key: "produceP50", label: "p50", stroke: COLORS.p50 }, { key: "produceP99", label: "p99", stroke: COLORS.p99 },
      { key: "produceP999", label: "p99.9", stroke: COLORS.p999 }, { key: "produceMax", label: "max", stroke: COLORS.max, dash: [4, 4] }] }
  ];

  function chartWidth(container) { return Math.max(260, container.clientWidth - 4); }

  function makeChart(spec, container) {
    var yScale = spec.latency
      ? { distr: state.logScale ? 3 : 1, range: state.logScale ? undefined : function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } }
      : { range: [0, 1.02] };
    var opts = {
      width: chartWidth(container),
      height: 220,
      ms: 1e-3,
      scales: { x: { time: true }, y: yScale },
      axes: [{}, { size: 64, values: spec.latency
        ? function (u, vals) { return vals.map(axisMs); }
        : function (u, vals) { return vals.map(function (v) { return (v * 100).toFixed(0) + "%"; }); } }],
      series: [{}].concat(spec.series.map(function (s) {
        return { label: seriesLabel(s), stroke: s.stroke, width: 2, dash: s.dash, spanGaps: false,
          value: spec.latency ? function (u, v) { return ms(v); } : function (u, v) { return pct(v); } };
      }))
    };
    var empty = [[]].concat(spec.series.map(function () { return []; }));
    return new uPlot(opts, empty, container);
  }

  function renderCharts(series) {
    var xs = series.t.map(function (t) { return t / 1000; });
    CHARTS.forEach(function (spec) {
      var container = $(spec.id);
      if (!state.charts[spec.id]) { state.charts[spec.id] = makeChart(spec, container); }
      var data = [xs].concat(spec.series.map(function (s) {
        var column = series.values[seriesKey(s)] || [];
        // A log scale has no place for 0: show it as a gap rather than break the chart.
        return spec.latency && state.logScale ? column.map(function (v) { return v !== null && v > 0 ? v : null; }) : column;
      }));
      state.charts[spec.id].setData(data);
      var points = 0;
      data.slice(1).forEach(function (col) { col.forEach(function (v) { if (v !== null) { points++; } }); });
      container.setAttribute("data-points", String(points));
    });
  }

  function rebuildCharts() {
    Object.keys(state.charts).forEach(function (id) { state.charts[id].destroy(); delete state.charts[id]; });
    state.series = null;
    refreshCluster().catch(showError);
  }

  // ---- chart history: 15 min at 2 s or 24 h at 1 min, fetched after the newest point held ---------

  var RANGES = {
    "15m": { ms: 15 * 60 * 1000, title: "Availability, 10 s rate", hint: "(each point: all probes final in the last 10 s)" },
    "24h": { ms: 24 * 3600 * 1000, title: "Availability, 1 min rate", hint: "(each point: all probes final in the minute before it)" }
  };

  function seriesKey(s) { return state.range === "24h" && s.dayKey ? s.dayKey : s.key; }
  function seriesLabel(s) { return state.range === "24h" && s.dayLabel ? s.dayLabel : s.label; }

  // A refresh brings the points after the newest one held (one at a time), not the whole range again.
  function refreshSeries() {
    var held = state.series;
    if (!held || held.cluster !== state.cluster || held.range !== state.range) {
      held = state.series = { cluster: state.cluster, range: state.range, t: [], values: {} };
    }
    var after = held.t.length ? held.t[held.t.length - 1] : null;
    return getJson("api/v1/clusters/" + encodeURIComponent(held.cluster) + "/series?range=" + held.range
        + (after === null ? "" : "&after=" + after)).then(function (view) {
      if (state.series !== held) { return null; }
      if (after !== null && (view.newestMs === null || view.newestMs < after)) {
        state.series = null; // Vigil restarted: its history begins again
        return refreshSeries();
      }
      appendSeries(held, view.series);
      renderCharts(held);
      return null;
    });
  }

  // Only points newer than the newest held: two refreshes in flight on a slow machine ask after the same point.
  function appendSeries(held, more) {
    var newest = held.t.length ? held.t[held.t.length - 1] : -Infinity;
    var skip = 0;
    while (skip < more.t.length && more.t[skip] <= newest) { skip++; }
    held.t = held.t.concat(more.t.slice(skip));
    Object.keys(more.values).forEach(function (k) {
      held.values[k] = (held.values[k] || []).concat(more.values[k].slice(skip));
    });
    var from = held.t.length ? held.t[held.t.length - 1] - RANGES[held.range].ms : 0;
    var drop = 0;
    while (drop < held.t.length && held.t[drop] < from) { drop++; }
    if (drop > 0) {
      held.t = held.t.slice(drop);
      Object.keys(held.values).forEach(function (k) { held.values[k] = held.values[k].slice(drop); });
    }
  }

  function setRange(range) {
    state.range = range;
    $("availability-title").textContent = RANGES[range].title;
    $("availability-hint").textContent = RANGES[range].hint;
    rebuildCharts();
  }

  function resizeCharts() {
    CHARTS.forEach(function (spec) {
      var chart = state.charts[spec.id];
      if (chart) { chart.setSize({ width: chartWidth($(spec.id)), height: 220 }); }
    });
  }

  // ---- tables --------------------------------------------------------------------------------

  function renderState(s) {
    var rows = s === null ? [["cluster state", "not observed yet"]] : [
      ["brokers online", s.brokersOnline + " of " + s.brokersRegistered + " registered"],
      ["controller", s.controllerId < 0 ? "unknown" : String(s.controllerId)],
      ["under-replicated partitions", String(s.underReplicatedPartitions)],
      ["under min.insync.replicas", s.underMinIsrPartitions === null ? "unknown" : String(s.underMinIsrPartitions)],
      ["offline partitions", String(s.offlinePartitions)],
      ["Admin API", s.reachable ? "answering" : "not answering"],
      ["observed", time(s.observedAt)]
    ];
    var children = [];
    rows.forEach(function (r) { children.push(el("dt", { text: r[0] })); children.push(el("dd", { text: r[1] })); });
    replaceChildren($("cluster-state"), children);
  }

  function partitionState(p) {
    if (p.consecutiveFailures > 0) { return "failing"; }
    if (p.produceAvailability === null) { return "none"; }
    if (p.consumeAvailability !== null && p.consumeAvailability < 1) { return "consume"; }
    return "ok";
  }

  function partitionCell(p) {
    var symbols = { ok: "✓", failing: "✕", consume: "!", none: "…" };
    var st = partitionState(p);
    var title = "partition " + p.id + ", leader " + (p.leader < 0 ? "none" : p.leader) + ", ISR " + p.isr.join(",")
      + ", produce " + pct(p.produceAvailability) + ", consume " + pct(p.consumeAvailability)
      + (p.consecutiveFailures > 0 ? ", " + p.consecutiveFailures + " failures in a row" : "");
    return el("div", { cls: "cell", "data-state": st, "data-partition": String(p.id), title: title }, [
      el("span", { text: symbols[st] + " " + p.id }), el("span", { text: "L" + (p.leader < 0 ? "–" : p.leader) })]);
  }

  // ---- partitions at scale: counts and the worst ones every refresh, the whole grid on demand ----

  var GRID_PAGE = 500;

  function count(n) { return n.toLocaleString("en-US"); }

  function renderPartitionSummary(summary, worst) {
    $("partition-legend").textContent = "✓ ok · ✕ produce failing · ! consume late/missing · … no data; L = leader";
    $("partition-counts").textContent = count(summary.total) + " partitions: " + count(summary.ok) + " ✓ ok · "
      + count(summary.failing) + " ✕ produce failing · " + count(summary.consumeLate) + " ! consume late/missing · "
      + count(summary.noData) + " … no data · " + count(summary.noLeader) + " without a leader · "
      + count(summary.underReplicated) + " under-replicated";
    replaceChildren($("partition-leaders"), summary.byLeader.map(function (c) {
      return el("li", { "data-broker-id": String(c.broker), text: "broker " + c.broker + " leads " + count(c.led) + ": "
        + count(c.failing) + " failing, " + count(c.consumeLate) + " consume late, " + count(c.underReplicated)
        + " under-replicated" });
    }));
    replaceChildren($("partition-worst"), worst.map(partitionCell));
    $("partition-more").textContent = worst.length === 0 ? "No unhealthy partition."
      : "The " + worst.length + " worst shown" + (summary.more > 0 ? "; " + count(summary.more) + " more unhealthy." : ".");
    $("partition-grid-toggle").textContent = state.grid.open ? "hide the grid" : "show all " + count(summary.total) + " partitions";
  }

  function refreshGrid() {
    if (!state.grid.open) { return Promise.resolve(null); }
    var cluster = state.cluster;
    return getJson("api/v1/clusters/" + encodeURIComponent(cluster) + "/partitions?from=" + state.grid.from
        + "&limit=" + GRID_PAGE).then(function (page) {
      if (!state.grid.open || cluster !== state.cluster) { return null; }
      replaceChildren($("partition-grid"), page.partitions.map(partitionCell));
      var last = page.from + page.partitions.length;
      $("partition-grid-range").textContent = page.total === 0 ? "no partitions"
        : "partitions " + count(page.from) + "–" + count(last - 1) + " of " + count(page.total);
      $("partition-grid-prev").disabled = page.from === 0;
      $("partition-grid-next").disabled = last >= page.total;
      return null;
    });
  }

  function toggleGrid() {
    state.grid.open = !state.grid.open;
    state.grid.from = 0;
    $("partition-grid-box").hidden = !state.grid.open;
    $("partition-grid-toggle").textContent = state.grid.open ? "hide the grid" : "show all partitions";
    if (!state.grid.open) { replaceChildren($("partition-grid"), []); }
    refreshGrid().catch(showError);
  }

  function pageGrid(step) {
    state.grid.from = Math.max(0, state.grid.from + step * GRID_PAGE);
    refreshGrid().catch(showError);
  }

  function brokerTag(b) {
    if (b.registered && !b.online) { return el("span", { cls: "tag bad", text: "✕ offline" }); }
    if (b.consecutiveFailures > 0) { return el("span", { cls: "tag warn", text: "! failing" }); }
    if (!b.registered) { return el("span", { cls: "tag none", text: "not registered" }); }
    return el("span", { cls: "tag ok", text: "✓ online" });
  }

  function renderBrokers(brokers) {
    replaceChildren(document.querySelector("#broker-table tbody"), brokers.map(function (b) {
      return el("tr", { "data-broker-id": String(b.id) }, [
        el("td", { text: String(b.id) }), el("td", { text: b.rack || "–" }), el("td", {}, [brokerTag(b)]),
        el("td", { text: String(b.partitionsLed) }),
        el("td", { text: pct(b.produceAvailability) }), el("td", { text: pct(b.consumeAvailability) }),
        el("td", { text: ms(b.e2eP99) }), el("td", { text: ms(b.produceP99) }),
        el("td", { text: b.lastError ? b.lastError + " at " + time(b.lastErrorAt) : "–" }),
        el("td", {}, [connectionTag(b)])]);
    }));
  }

  // The latest connection check: its time to the ApiVersions answer, or a mark with the failure as its title.
  function connectionTag(b) {
    if (b.connectionFailure) { return el("span", { cls: "tag bad", text: "✕ no connection", title: b.connectionFailure }); }
    return el("span", { text: ms(b.connectionMs) });
  }

  var TIMELINE_MS = 15 * 60 * 1000;
  var KIND_WORDS = { planned: "● planned", unplanned: "✕ unplanned", unknown: "? unknown" };
  var EPISODE_ROWS = 20;

  function duration(seconds) {
    return seconds < 60 ? seconds.toFixed(1) + " s" : Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  }

  function episodeWhat(e) {
    if (e.subject === "leader_move") { return "leadership of partition " + e.id + " moved"; }
    return e.subject + " " + e.id + (e.collateralOf !== null ? " (stalled by broker " + e.collateralOf + ")" : "")
      + (e.endMs === null ? " (under way)" : "");
  }

  // One row per broker, each outage a bar from its start to its end (or now), in the kind's colour and symbol.
  function renderEpisodes(episodes, brokers, now) {
    $("episodes-link").href = "api/v1/clusters/" + encodeURIComponent(state.cluster) + "/episodes";
    var from = now - TIMELINE_MS;
    var all = episodes.open.concat(episodes.recent);
    var ids = brokers.map(function (b) { return b.id; });
    all.forEach(function (e) { if (e.subject === "broker" && ids.indexOf(e.id) < 0) { ids.push(e.id); } });
    ids.sort(function (a, b) { return a - b; });
    replaceChildren($("episode-timeline"), ids.map(function (id) {
      var bars = all.filter(function (e) {
        return e.subject === "broker" && e.id === id && (e.endMs === null || e.endMs >= from);
      }).map(function (e) {
        var start = Math.max(e.startMs, from);
        var end = e.endMs === null ? now : e.endMs;
        var bar = el("span", { cls: "episode", "data-kind": e.kind, "data-open": String(e.endMs === null),
          "data-broker": String(id), "data-collateral": String(e.collateralOf !== null),
          title: e.kind + ", " + duration(e.seconds) + ": " + e.evidence });
        bar.style.left = (100 * (start - from) / TIMELINE_MS).toFixed(2) + "%";
        bar.style.width = Math.max(0, 100 * (end - start) / TIMELINE_MS).toFixed(2) + "%";
        return bar;
      });
      return el("div", { cls: "timeline-row" }, [el("span", { cls: "who", text: "broker " + id }),
        el("span", { cls: "track" }, bars)]);
    }));
    var rows = all.filter(function (e) { return e.subject !== "partition"; }).slice(0, EPISODE_ROWS);
    replaceChildren(document.querySelector("#episode-table tbody"), rows.map(function (e) {
      return el("tr", { "data-kind": e.kind }, [el("td", { text: time(e.startMs) }), el("td", { text: duration(e.seconds) }),
        el("td", { text: KIND_WORDS[e.kind] || e.kind }), el("td", { text: episodeWhat(e) }),
        el("td", { text: String(e.probesFailed) }), el("td", { text: e.evidence })]);
    }));
    $("no-episodes").hidden = rows.length > 0;
  }

  var EVENT_WORDS = { LOST_ACKED: "lost (acknowledged)", LOST_UNACKED: "lost (never acknowledged)", DUPLICATE: "duplicate", LATE: "late",
    LOST_ACKED_AFTER_READ: "lost (acknowledged, read, then truncated)" };

  function renderEvents(events) {
    replaceChildren(document.querySelector("#event-table tbody"), events.map(function (e) {
      return el("tr", {}, [el("td", { text: time(e.at) }), el("td", { text: EVENT_WORDS[e.kind] || e.kind }),
        el("td", { text: String(e.partition) }), el("td", { text: e.leader < 0 ? "none" : String(e.leader) }),
        el("td", { text: String(e.sequence) })]);
    }));
    $("no-events").hidden = events.length > 0;
  }

  function renderProbes(probes) {
    $("probe-panel").hidden = probes.length === 0;
    replaceChildren(document.querySelector("#probe-table tbody"), probes.map(function (p) {
      var state = p.denied ? el("span", { cls: "tag warn", text: "! refused by an ACL" })
        : el("span", { text: pct(p.availability) });
      return el("tr", { "data-probe": p.name }, [el("td", { text: p.name }), el("td", {}, [state]),
        el("td", { text: ms(p.p99) }), el("td", { text: String(p.attempts) }), el("td", { text: String(p.failures) }),
        el("td", { text: p.detail })]);
    }));
  }

  // ---- sandbox -------------------------------------------------------------------------------

  var LATENCIES = [0, 50, 200, 500, 1000];

  function control(path, body, what) {
    $("sandbox-status").textContent = what + "…";
    state.busy = true;
    postJson("api/v1/clusters/" + encodeURIComponent(state.cluster) + "/sandbox/brokers/" + path, body).then(function () {
      $("sandbox-status").textContent = what + ": done";
    }).catch(function (e) {
      $("sandbox-status").textContent = what + " failed: " + e.message;
    }).then(function () { state.busy = false; tick(); });
  }

  function renderSandbox(sandbox) {
    var panel = $("sandbox-panel");
    panel.hidden = !sandbox;
    if (!sandbox || state.busy) { return; }
    replaceChildren(document.querySelector("#sandbox-table tbody"), sandbox.brokers.map(function (b) {
      var action = b.running
        ? el("button", { type: "button", "data-action": "stop", "data-broker": String(b.id), text: "stop",
            onclick: function () { control(b.id + "/stop", {}, "stopping broker " + b.id); } })
        : el("button", { type: "button", "data-action": "start", "data-broker": String(b.id), text: "start",
            onclick: function () { control(b.id + "/start", {}, "starting broker " + b.id); } });
      var select = el("select", { "aria-label": "added latency for broker " + b.id,
        onchange: function (ev) { var v = Number(ev.target.value); control(b.id + "/latency", { ms: v }, "broker " + b.id + " latency " + v + " ms"); } },
        LATENCIES.concat(LATENCIES.indexOf(b.latencyMs) < 0 ? [b.latencyMs] : []).map(function (v) {
          var option = el("option", { value: String(v), text: v === 0 ? "none" : "+" + v + " ms" });
          option.selected = v === b.latencyMs;
          return option;
        }));
      return el("tr", { "data-broker-id": String(b.id) }, [el("td", { text: String(b.id) }),
        el("td", {}, [b.running ? el("span", { cls: "tag ok", text: "✓ running" }) : el("span", { cls: "tag bad", text: "✕ stopped" })]),
        el("td", {}, [action]), el("td", {}, [select])]);
    }));
  }

  // ---- consumer-group lag --------------------------------------------------------------------
  // Shown only for a cluster that evaluates groups. Rows are kept per group and moved, not rebuilt, so each
  // row's small chart is drawn once and then fed; a group that leaves the panel takes its chart with it.

  var LAG_STATUS = { OK: ["ok", "✓"], WARN: ["warn", "!"], ERR: ["bad", "✕"], STOP: ["bad", "✕"], STALL: ["bad", "✕"],
    REWIND: ["bad", "✕"], NOTFOUND: ["none", "?"] };
  var lagState = { cluster: null, rows: {} };

  function lagAge(v) { return v === null || v === undefined ? "–" : v < 60 ? v.toFixed(1) + " s" : duration(v); }

  // From a little below 0, so a group at no lag draws a whole line along the bottom rather than half of one.
  function lagRange(u, min, max) { var top = Math.max(1, max) * 1.05; return [-top * 0.06, top]; }

  function makeLagChart(container) {
    var opts = { width: 240, height: 56, ms: 1e-3, legend: { show: false }, cursor: { show: false },
      scales: { x: { time: true }, records: { range: lagRange }, seconds: { range: lagRange } },
      axes: [{ show: false }, { show: false, scale: "records" }],
      series: [{}, { label: "records", scale: "records", stroke: COLORS.ok, width: 1.5, spanGaps: false },
        { label: "seconds", scale: "seconds", stroke: COLORS.bad, width: 1.5, dash: [4, 3], spanGaps: false }] };
    return new uPlot(opts, [[], [], []], container);
  }

  function dropLagRows(keep) {
    Object.keys(lagState.rows).forEach(function (g) {
      if (!keep || !keep[g]) { lagState.rows[g].chart.destroy(); delete lagState.rows[g]; }
    });
  }

  function lagRow(r) {
    var row = lagState.rows[r.group];
    if (!row) {
      var chart = el("div", { cls: "lag-chart", "data-points": "0" });
      var cells = [0, 1, 2, 3, 4, 5].map(function () { return el("td", {}); });
      var tr = el("tr", { "data-group": r.group }, cells.concat([el("td", {}, [chart])]));
      row = lagState.rows[r.group] = { tr: tr, cells: cells, container: chart, chart: makeLagChart(chart) };
    }
    var look = LAG_STATUS[r.status] || ["none", "?"];
    row.tr.setAttribute("data-status", r.status);
    row.cells[0].textContent = r.group;
    replaceChildren(row.cells[1], [el("span", { cls: "tag " + look[0], text: look[1] + " " + r.status,
      title: "Burrow's status " + r.statusCode + "; group " + r.state })]);
    row.cells[2].textContent = String(r.lagRecords);
    row.cells[3].textContent = lagAge(r.lagSeconds);
    row.cells[4].textContent = String(r.members);
    row.cells[5].textContent = String(r.partitions);
    var s = r.series || { t: [], values: { lagRecords: [], lagSeconds: [] } };
    var data = [s.t.map(function (t) { return t / 1000; }), s.values.lagRecords, s.values.lagSeconds];
    row.chart.setData(data);
    var points = 0;
    data.slice(1).forEach(function (col) { col.forEach(function (v) { if (v !== null) { points++; } }); });
    row.container.setAttribute("data-points", String(points));
    return row.tr;
  }

  function renderLag(panel) {
    if (lagState.cluster !== state.cluster) { dropLagRows(null); lagState.cluster = state.cluster; }
    $("lag-panel").hidden = !panel.evaluated;
    if (!panel.evaluated) { dropLagRows(null); return; }
    $("lag-link").href = "api/v1/clusters/" + encodeURIComponent(state.cluster) + "/groups";
    var shown = {};
    panel.rows.forEach(function (r) { shown[r.group] = true; });
    dropLagRows(shown);
    replaceChildren(document.querySelector("#lag-table tbody"), panel.rows.map(lagRow));
    $("lag-summary").textContent = panel.evaluatedAtMs === 0 ? "No evaluation yet."
      : panel.rows.length + " of " + panel.groups + " groups shown, evaluated " + time(panel.evaluatedAtMs)
        + (panel.denied > 0 ? "; " + panel.denied + " refused by an ACL (grant DESCRIBE on the group)" : "")
        + (panel.skipped > 0 ? "; " + panel.skipped + " not evaluated, beyond lag.max.group.partitions" : "");
  }

  function refreshLag() {
    if (!state.cluster) { return Promise.resolve(); }
    return getJson("api/v1/clusters/" + encodeURIComponent(state.cluster) + "/groups/lag").then(renderLag);
  }

  // ---- loop ----------------------------------------------------------------------------------

  function showError(e) {
    $("updated").textContent = "cannot reach Vigil: " + e.message + " (retrying)";
  }

  function tick() {
    refreshClusters().then(refreshCluster).then(refreshLag).catch(showError);
  }

  $("cluster-select").addEventListener("change", function (ev) {
    state.cluster = ev.target.value;
    state.grid.from = 0;
    location.hash = encodeURIComponent(state.cluster);
    rebuildCharts();
  });
  $("log-scale").addEventListener("change", function (ev) { state.logScale = ev.target.checked; rebuildCharts(); });
  $("chart-range").addEventListener("change", function (ev) { setRange(ev.target.value); });
  $("partition-grid-toggle").addEventListener("click", toggleGrid);
  $("partition-grid-prev").addEventListener("click", function () { pageGrid(-1); });
  $("partition-grid-next").addEventListener("click", function () { pageGrid(1); });
  window.addEventListener("resize", resizeCharts);
  tick();
  setInterval(function () { if (!document.hidden) { tick(); } }, REFRESH_MS);
})();
