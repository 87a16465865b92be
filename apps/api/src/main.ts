import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config';
import { serve } from './serve';

serve(loadConfig()).catch((error) => {
  new Logger('Governance').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
