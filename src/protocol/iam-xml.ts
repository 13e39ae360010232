// IAM's query-protocol responses: <XResponse><XResult>…</XResult><ResponseMetadata>…</ResponseMetadata></XResponse>
// (no XResult for actions that return nothing) and <ErrorResponse> in IAM's namespace. Lists are <member> elements,
// dates ISO 8601 in whole seconds, as IAM sends them.

import type { IamResult } from '../iam/iam-context.js';
import { escapeXml } from './sts-xml.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/**
 * Characters XML 1.0 cannot carry even as references (controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD: a
 * message that quotes a caller's bad input must still parse.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return escapeXml(value.replace(NOT_XML, '\uFFFD'));
}

function renderValue(name: string, value: unknown, indent: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return `${indent}<${name}>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${name}>\n`;
  if (typeof value === 'string') return `${indent}<${name}>${text(value)}</${name}>\n`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${indent}<${name}>${String(value)}</${name}>\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<${name}/>\n`;
    return `${indent}<${name}>\n${value.map((item) => renderValue('member', item, indent + '  ')).join('')}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>\n${renderMembers(value as IamResult, indent + '  ')}${indent}</${name}>\n`;
}

function renderMembers(members: IamResult, indent: string): string {
  let out = '';
  for (const [name, value] of Object.entries(members)) out += renderValue(name, value, indent);
  return out;
}

export function iamResponseXml(action: string, result: IamResult, requestId: string): string {
  const hasResult = Object.values(result).some((value) => value !== undefined);
  return (
    `<${action}Response xmlns="${IAM_NAMESPACE}">\n` +
    (hasResult ? renderValue(`${action}Result`, result, '  ') : '') +
    renderValue('ResponseMetadata', { RequestId: requestId }, '  ') +
    `</${action}Response>\n`
  );
}

export function iamErrorXml(type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${IAM_NAMESPACE}">\n` +
    renderValue('Error', { Type: type, Code: code, Message: message }, '  ') +
    renderValue('RequestId', requestId, '  ') +
    '</ErrorResponse>\n'
  );
}
