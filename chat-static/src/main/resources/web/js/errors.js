// Server error codes and close codes in plain words. The server's own `message` is for
// developers; people get these sentences (with the server text only as a fallback).

const ERROR_WORDS = {
  rate_limited: 'You are sending too fast. Wait a moment, then try again.',
  too_large: 'That message is too long to send.',
  forbidden: 'You are not allowed to do that here.',
  not_member: 'You are not in this room any more. Join it again to post.',
  unavailable: 'The server cannot store messages right now. Try again in a little while.',
  no_such_user: 'That person is not online, so the message could not be delivered.',
  unauthorized: 'Your session has ended. Please log in again.',
  bad_request: 'The server did not understand that request.',
  internal: 'Something went wrong on the server.',
};

/** Plain words for an `error` frame. */
export function describeError(error) {
  return ERROR_WORDS[error.code] ?? (error.message || 'Something went wrong.');
}

/** Plain words for why the connection ended. */
export function describeClose(code, reason) {
  if (code === 1001) return 'The server is restarting.';
  if (code === 1013) return 'The server asked us to reconnect in a moment.';
  if (code === 1008) return reason || 'The server refused the connection.';
  if (code === 1009) return 'A message was too large for the server.';
  if (code === 1011) return 'The server had a problem.';
  return 'Connection lost.';
}
