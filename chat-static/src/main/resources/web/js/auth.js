// How this server lets people in: `GET api/info` names the mode; with accounts, the login API
// sets an HttpOnly session cookie that the WebSocket upgrade then carries. Paths are relative
// so the client also works under a proxy sub-path.

const NAME_KEY = 'chat.name';
export const NAME_PATTERN = /^[\p{L}\p{N} _.\-]{1,32}$/u;

export const rememberedName = () => localStorage.getItem(NAME_KEY) || '';
export const rememberName = (name) => localStorage.setItem(NAME_KEY, name);
export const forgetName = () => localStorage.removeItem(NAME_KEY);

/** The server's auth mode: 'none', 'accounts' or 'jwt'. An old server without the endpoint means 'none'. */
export async function authMode() {
  try {
    const res = await fetch('api/info', { cache: 'no-store' });
    if (!res.ok) return 'none';
    return (await res.json()).auth || 'none';
  } catch {
    return 'none';
  }
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  let json = {};
  try { json = await res.json(); } catch { /* empty body */ }
  return { status: res.status, json, retryAfter: res.headers.get('Retry-After') };
}

/** Logs in (the server sets the chat_token cookie). Resolves to the account name; rejects with plain words. */
export async function login(name, password) {
  const r = await post('api/login', { name, password });
  if (r.status === 200) return r.json.name;
  throw new Error(accountError(r));
}

export async function register(name, password) {
  const r = await post('api/register', { name, password });
  if (r.status !== 201) throw new Error(accountError(r));
  return login(name, password);
}

export async function logout() {
  try { await post('api/logout', {}); } catch { /* the cookie is cleared or expires anyway */ }
}

/** After a failed connect in accounts mode: 401 here means the session cookie is missing or expired. */
export async function sessionRejected() {
  try {
    const res = await fetch('ws', { cache: 'no-store', credentials: 'same-origin' });
    return res.status === 401;
  } catch {
    return false;
  }
}

function accountError({ status, json, retryAfter }) {
  switch (status) {
    case 401: return 'Wrong name or password.';
    case 409: return 'That name is already taken.';
    case 429: return `Too many attempts. Try again in ${retryAfter || 'a few'} seconds.`;
    case 503: return 'The server cannot reach its account store. Try again soon.';
    case 400: return json.message ? `Not accepted: ${json.message}.` : 'Not accepted.';
    default: return `The server answered ${status}.`;
  }
}
