// What the console says about a failed call: the AWS exception name and its message, as the AWS console's flash bar
// shows them (e.g. "AccessDeniedException" over "User: ... is not authorized to perform: kms:CreateKey ...").

export interface ApiErrorText {
  name: string;
  message: string;
}

export function apiErrorText(error: unknown): ApiErrorText {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message || 'The request failed.' };
  return { name: 'Error', message: String(error) };
}
