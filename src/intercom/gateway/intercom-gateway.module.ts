import { Logger, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IntercomClient } from 'intercom-client';
import { intercomConfig } from '../../common/config/intercom.config';
import { DryRunIntercomGateway } from './dry-run-intercom.gateway';
import { IntercomGateway } from './intercom.gateway';
import { RateLimiter } from './rate-limiter';
import { SdkIntercomGateway } from './sdk-intercom.gateway';
import { createIntercomFetcher } from './intercom-fetcher';
import { createThrottledFetch } from './throttled-fetch';
import { IntercomCallObserver } from './intercom-call.observer';

type IntercomVersion = NonNullable<IntercomClient.Options['version']>;

/** The one way out to Intercom, shared by the webhook worker and the operator CLI. */
@Module({
  providers: [
    IntercomCallObserver,
    {
      provide: RateLimiter,
      inject: [intercomConfig.KEY],
      useFactory: (config: ConfigType<typeof intercomConfig>) =>
        new RateLimiter({ windowMs: config.rateWindowMs, ceiling: config.rateLimit }),
    },
    {
      provide: IntercomGateway,
      inject: [intercomConfig.KEY, RateLimiter, IntercomCallObserver],
      useFactory: (
        config: ConfigType<typeof intercomConfig>,
        limiter: RateLimiter,
        observer: IntercomCallObserver,
      ) => {
        const logger = new Logger('IntercomGateway');
        if (!config.accessToken) {
          logger.warn('INTERCOM_ACCESS_TOKEN is not set: Intercom dry run, nothing will be sent');
          return new DryRunIntercomGateway();
        }
        const client = new IntercomClient({
          token: config.accessToken,
          baseUrl: config.apiBaseUrl,
          version: config.apiVersion as IntercomVersion,
          // Our own fetcher, not the SDK's retries and timers: one rate-limit loop, one time limit.
          fetcher: createIntercomFetcher(
            createThrottledFetch({
              limiter,
              timeoutMs: config.timeoutMs,
              onCall: (record) => observer.record(record),
            }),
          ),
        });
        return new SdkIntercomGateway(client, {
          timeoutMs: config.timeoutMs,
          onMissingAttribute: (record) => observer.missingAttribute(record),
        });
      },
    },
  ],
  // The observer is exported for the metrics, which subscribe to every call.
  exports: [IntercomGateway, IntercomCallObserver],
})
export class IntercomGatewayModule {}
