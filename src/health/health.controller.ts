import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { UNREADABLE_BODY_RESPONSE } from '../common/errors/error-response.dto';
import { DependenciesHealthIndicator } from './dependencies.health-indicator';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependenciesHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers', security: [] })
  @ApiResponse({
    status: 200,
    description: 'Alive.',
    example: { status: 'ok', info: {}, error: {}, details: {} },
  })
  @ApiResponse(UNREADABLE_BODY_RESPONSE)
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: each configured dependency answers, and Intercom accepts the token',
    description:
      'One entry per dependency (mysql, supabase, intercom), in `details` and in `info` (up) or ' +
      '`error` (down, with `message` saying why). A dependency that is not configured ' +
      '(development only) is up with `state: "not configured"`: running without it is a ' +
      'documented mode, not a failure.',
    security: [],
  })
  @ApiResponse({
    status: 200,
    description: 'Every configured dependency answered, and Intercom work is not paused.',
    examples: {
      production: {
        summary: 'Everything configured and answering',
        value: {
          status: 'ok',
          info: { mysql: { status: 'up' }, supabase: { status: 'up' }, intercom: { status: 'up' } },
          error: {},
          details: {
            mysql: { status: 'up' },
            supabase: { status: 'up' },
            intercom: { status: 'up' },
          },
        },
      },
      development: {
        summary: 'Supabase not configured (development)',
        value: {
          status: 'ok',
          info: {
            mysql: { status: 'up' },
            supabase: {
              status: 'up',
              state: 'not configured',
              message: 'SUPABASE_URL is not set: positions are empty',
            },
            intercom: { status: 'up' },
          },
          error: {},
          details: {},
        },
      },
    },
  })
  @ApiResponse({
    status: 503,
    description:
      'A data source did not answer, or Intercom refuses the access token (401/403: all ' +
      'Intercom work paused until a probe succeeds).',
    examples: {
      supabase: {
        summary: 'Supabase did not answer',
        value: {
          status: 'error',
          info: { mysql: { status: 'up' }, intercom: { status: 'up' } },
          error: {
            supabase: { status: 'down', message: 'no answer in time (PositionsUnavailableError)' },
          },
          details: {},
        },
      },
      intercom: {
        summary: 'Intercom refuses the access token',
        value: {
          status: 'error',
          info: { mysql: { status: 'up' }, supabase: { status: 'up' } },
          error: {
            intercom: {
              status: 'down',
              reason: 'unauthorized',
              message: 'Intercom refused the access token (HTTP 401); Intercom work paused',
              paused_since: '2026-01-05T14:03:00.000Z',
            },
          },
          details: {},
        },
      },
    },
  })
  @ApiResponse(UNREADABLE_BODY_RESPONSE)
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.dependencies.mysql(),
        () => this.dependencies.supabase(),
        () => this.dependencies.intercom(),
      ]);
    } catch (error) {
      // Terminus reports "not ready" as an exception; the report itself is the answer.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
