import 'reflect-metadata';
import { runApi } from '@parley/core';

void runApi();
