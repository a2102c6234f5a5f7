import 'reflect-metadata';
import { runWorker } from '@parley/core';

void runWorker();
