// STS's query-protocol responses: <XResponse><XResult>…</XResult><ResponseMetadata>…</ResponseMetadata></XResponse>
// and <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>, in STS's namespace.

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An element tree as nested objects: strings are text, objects are child elements in order. */
export type XmlTree = { [element: string]: string | XmlTree };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function render(tree: XmlTree, indent: string): string {
  let out = '';
  for (const [name, value] of Object.entries(tree)) {
    if (typeof value === 'string') out += `${indent}<${name}>${escapeXml(value)}</${name}>\n`;
    else out += `${indent}<${name}>\n${render(value, indent + '  ')}${indent}</${name}>\n`;
  }
  return out;
}

export function stsResponseXml(action: string, result: XmlTree, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_NAMESPACE}">\n` +
    render({ [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } }, '  ') +
    `</${action}Response>\n`
  );
}

export function stsErrorXml(type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${STS_NAMESPACE}">\n` +
    render({ Error: { Type: type, Code: code, Message: message }, RequestId: requestId }, '  ') +
    '</ErrorResponse>\n'
  );
}
