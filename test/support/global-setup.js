// Builds the API and the web app once per test run (not per test), as npm start would.
const { buildIfNeeded } = require('../../scripts/build-if-needed');

module.exports = async () => {
  buildIfNeeded();
};
