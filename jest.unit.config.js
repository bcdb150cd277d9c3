/** Pure tests only: no PostgreSQL or Redis needed (`npm run test:unit`). */
const base = require('./jest.config');
module.exports = { ...base, roots: ['<rootDir>/test/unit'], globalSetup: undefined, globalTeardown: undefined };
