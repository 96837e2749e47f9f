import { Logger, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { IntercomClient } from 'intercom-client';
import { intercomConfig } from '../../common/config/intercom.config';
import { retryReporter } from '../../common/http/retry/retry-reporter';
import { DryRunIntercomGateway } from './dry-run-intercom.gateway';
import { IntercomGateway } from './intercom.gateway';
import { RateLimiter } from './rate-limiter';
import { SdkIntercomGateway } from './sdk-intercom.gateway';
import { createIntercomFetcher } from './intercom-fetcher';
import { withConnectionRetry } from './intercom-retry';
import { createThrottledFetch, endpointOf } from './throttled-fetch';
import { IntercomCallObserver } from './intercom-call.observer';
import { IntercomAuthorization } from './intercom-authorization';
import { createAuthorizationProbe, createAuthorizedFetch } from './authorized-fetch';
import { WorkspaceAttributeCatalog } from './workspace-attribute-catalog';

type IntercomVersion = NonNullable<IntercomClient.Options['version']>;
type IntercomConfig = ConfigType<typeof intercomConfig>;

/**
 * A fetch through the shared rate limiter and time limit, every call reported to the observer;
 * a call whose kept-alive connection a gateway reset is sent again (intercom-retry.ts).
 */
const throttledSend = (
  config: IntercomConfig,
  limiter: RateLimiter,
  observer: IntercomCallObserver,
  events: EventEmitter2,
) =>
  createThrottledFetch({
    limiter,
    timeoutMs: config.timeoutMs,
    fetch: withConnectionRetry(globalThis.fetch, retryReporter('intercom', endpointOf, events)),
    onCall: (record) => observer.record(record),
  });

/** The one way out to Intercom, shared by the webhook worker and the operator CLI. */
@Module({
  providers: [
    IntercomCallObserver,
    WorkspaceAttributeCatalog,
    {
      provide: RateLimiter,
      inject: [intercomConfig.KEY],
      useFactory: (config: ConfigType<typeof intercomConfig>) =>
        new RateLimiter({ windowMs: config.rateWindowMs, ceiling: config.rateLimit }),
    },
    {
      // One switch for every Intercom call: 401/403 pause all of them (intercom-authorization.ts).
      provide: IntercomAuthorization,
      inject: [intercomConfig.KEY, RateLimiter, IntercomCallObserver, EventEmitter2],
      useFactory: (
        config: IntercomConfig,
        limiter: RateLimiter,
        observer: IntercomCallObserver,
        events: EventEmitter2,
      ) =>
        new IntercomAuthorization({
          probeIntervalMs: config.authProbeIntervalMs,
          events,
          // No token, no probe: the dry run sends nothing, so nothing is ever refused.
          probe: config.accessToken
            ? createAuthorizationProbe(throttledSend(config, limiter, observer, events), {
                baseUrl: config.apiBaseUrl,
                token: config.accessToken,
                version: config.apiVersion,
              })
            : undefined,
        }),
    },
    {
      provide: IntercomGateway,
      inject: [
        intercomConfig.KEY,
        RateLimiter,
        IntercomCallObserver,
        IntercomAuthorization,
        EventEmitter2,
        WorkspaceAttributeCatalog,
      ],
      useFactory: (
        config: ConfigType<typeof intercomConfig>,
        limiter: RateLimiter,
        observer: IntercomCallObserver,
        authorization: IntercomAuthorization,
        events: EventEmitter2,
        catalog: WorkspaceAttributeCatalog,
      ) => {
        const logger = new Logger('IntercomGateway');
        if (!config.accessToken) {
          // The start-up summary (and the CLI's headline) says so already.
          logger.debug('INTERCOM_ACCESS_TOKEN is not set: Intercom dry run, nothing will be sent');
          return new DryRunIntercomGateway();
        }
        const client = new IntercomClient({
          token: config.accessToken,
          baseUrl: config.apiBaseUrl,
          version: config.apiVersion as IntercomVersion,
          // Our own fetcher, not the SDK's retries and timers: one rate-limit loop, one time limit.
          fetcher: createIntercomFetcher(
            createAuthorizedFetch(throttledSend(config, limiter, observer, events), authorization),
          ),
        });
        return new SdkIntercomGateway(client, {
          timeoutMs: config.timeoutMs,
          catalog,
          onRefusedAttribute: (record) => observer.refusedAttribute(record),
        });
      },
    },
  ],
  // The observer is exported for the metrics, which subscribe to every call; the
  // authorization switch for the inbox worker, readiness and the metrics.
  exports: [
    IntercomGateway,
    IntercomCallObserver,
    IntercomAuthorization,
    WorkspaceAttributeCatalog,
  ],
})
export class IntercomGatewayModule {}
