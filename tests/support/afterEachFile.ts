// After each test file: the job queues it opened are closed, so the Jest worker exits cleanly.
import { closeJobQueues } from '../../src/modules/jobs/queue.js';

afterAll(() => closeJobQueues());
