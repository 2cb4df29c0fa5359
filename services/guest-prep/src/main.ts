// Composition root of the guest-prep service. The telemetry import must stay first.
import './telemetry';
import { runService } from '@ferry/service-kit';
import { AppModule } from './app.module';
import { config } from './config';

void runService({ name: 'guest-prep', schema: config, module: AppModule });
