// Composition root of the appliance service. The telemetry import must stay first.
import './telemetry';
import { runService } from '@ferry/service-kit';
import { AppModule } from './app.module';
import { config } from './config';

void runService({ name: 'appliance', schema: config, module: AppModule });
