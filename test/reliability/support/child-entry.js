// The service as `npm start` runs it (src/main.ts), from the current sources.
require('./ts-register');
require('../../../src/main.ts')
  .main()
  .catch((err) => {
    process.stderr.write(`child failed to start: ${err && err.stack}\n`);
    process.exit(1);
  });
