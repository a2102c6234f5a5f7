import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ providers: [HealthService], controllers: [HealthController] })
export class HealthModule {}
