// Ace by DAISY drives Chromium through puppeteer: use Debian's browser, never download one.
module.exports = { skipDownload: true, executablePath: '/usr/bin/chromium' };
