import { z } from 'zod';

// zod probes `new Function('')` to see whether it may compile parsers; the page's CSP forbids
// eval, so the probe only fills the console with a violation. Imported first, before any parse.
z.config({ jitless: true });
