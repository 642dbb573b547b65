// The stats page: polls `api/stats` and turns the server's monotonic totals into rates,
// using the server's own clock so a slow poll does not distort them.
const POLL_MS = 2000;
const POINTS = 60;
const SVG = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
const history = [];
let previous = null;

const rate = (now, before, field) => ((now[field] - before[field]) * 1000) / Math.max(1, now.time - before.time);
const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString() : n.toFixed(1));

async function poll() {
  try {
    const res = await fetch('api/stats', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    show(await res.json());
    setState('online', 'live');
  } catch (e) {
    setState('offline', 'server unreachable');
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function show(now) {
  $('connections').textContent = now.connections.toLocaleString();
  $('rooms').textContent = now.rooms.toLocaleString();
  $('totals').textContent = `${now.messagesPosted.toLocaleString()} messages, ${now.deliveries.toLocaleString()} deliveries, `
    + `${now.connectionsOpened.toLocaleString()} connections since start, up ${uptime(now.uptimeSeconds)}`;
  // The first reading has no predecessor; the average since the server started stands in for it.
  const before = previous && now.time > previous.time && now.messagesPosted >= previous.messagesPosted
    ? previous : { messagesPosted: 0, deliveries: 0, time: now.time - Math.max(1, now.uptimeSeconds) * 1000 };
  const messages = rate(now, before, 'messagesPosted');
  $('rate').textContent = fmt(messages);
  $('delivery-rate').textContent = fmt(rate(now, before, 'deliveries'));
  history.push(messages);
  if (history.length > POINTS) history.shift();
  drawChart();
  previous = now;
}

function uptime(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h ? `${h} h ${m} min` : `${m} min ${seconds % 60} s`;
}

function setState(state, label) {
  const badge = $('poll-state');
  badge.dataset.state = state;
  badge.textContent = label;
}

function drawChart() {
  const svg = $('chart');
  const max = Math.max(1, ...history);
  const step = 600 / (POINTS - 1);
  const offset = POINTS - history.length;
  const xy = history.map((v, i) => [(offset + i) * step, 118 - (v / max) * 108]);
  const points = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const area = svgElement('polygon', { points: `${xy[0][0].toFixed(1)},118 ${points} 600,118`, class: 'chart-area' });
  const line = svgElement('polyline', { points, class: 'chart-line' });
  const base = svgElement('line', { x1: 0, y1: 118, x2: 600, y2: 118, class: 'chart-base' });
  svg.replaceChildren(area, base, line);
  $('peak').textContent = `peak ${fmt(max)}/s`;
}

function svgElement(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

poll();
