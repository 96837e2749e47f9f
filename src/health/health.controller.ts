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
    summary: 'Readiness: MySQL and Supabase answer, and Intercom accepts the access token',
    security: [],
  })
  @ApiResponse({
    status: 200,
    description: 'Both data sources answered, and Intercom work is not paused.',
    example: {
      status: 'ok',
      info: { mysql: { status: 'up' }, supabase: { status: 'up' }, intercom: { status: 'up' } },
      error: {},
      details: {},
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
          error: { supabase: { status: 'down', message: 'no answer' } },
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
