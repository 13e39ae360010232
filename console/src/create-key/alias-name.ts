// The alias the console requires for a new key: the AWS console's rules, checked before CreateKey so that a refused
// alias does not leave a key behind without one. "alias/" is added when the user leaves it out
// (https://docs.aws.amazon.com/kms/latest/developerguide/alias-manage.html).

const MAX_ALIAS_LENGTH = 256;

/** The name typed, without a leading "alias/". */
function bareName(input: string): string {
  const trimmed = input.trim();
  return trimmed.startsWith('alias/') ? trimmed.slice('alias/'.length) : trimmed;
}

export function fullAliasName(input: string): string {
  return `alias/${bareName(input)}`;
}

/** Why the alias cannot be used, or undefined when it can. */
export function aliasNameError(input: string): string | undefined {
  const name = bareName(input);
  if (name === '') return 'Enter an alias. Aliases are required when you create a KMS key in the console.';
  if (name.startsWith('aws/')) return 'The alias name cannot begin with aws/. The aws/ prefix is reserved by Amazon Web Services to represent AWS managed keys in your account.';
  if (!/^[a-zA-Z0-9/_-]+$/.test(name)) return 'The alias name can contain only alphanumeric characters, forward slashes (/), underscores (_), and dashes (-).';
  if (`alias/${name}`.length > MAX_ALIAS_LENGTH) return `The alias name can have at most ${MAX_ALIAS_LENGTH - 'alias/'.length} characters.`;
  return undefined;
}
