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
  if (previous && now.time > previous.time && now.messagesPosted >= previous.messagesPosted) {
    const messages = rate(now, previous, 'messagesPosted');
    $('rate').textContent = fmt(messages);
    $('delivery-rate').textContent = fmt(rate(now, previous, 'deliveries'));
    history.push(messages);
    if (history.length > POINTS) history.shift();
    drawChart();
  }
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
  const points = history.map((v, i) => `${((offset + i) * step).toFixed(1)},${(115 - (v / max) * 105).toFixed(1)}`);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  line.setAttribute('class', 'chart-line');
  const label = document.createElementNS(SVG, 'text');
  label.setAttribute('x', '4');
  label.setAttribute('y', '14');
  label.setAttribute('class', 'chart-label');
  label.textContent = `max ${fmt(max)}/s`;
  svg.replaceChildren(line, label);
}

poll();
