// Loaded synchronously at the top of <body> (not inline, so the Content Security Policy can
// forbid inline script): GOV.UK Frontend styles its components only when this class is set.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
