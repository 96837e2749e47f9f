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
  @ApiOperation({ summary: 'Readiness: MySQL and Supabase answer', security: [] })
  @ApiResponse({
    status: 200,
    description: 'Both dependencies answered.',
    example: {
      status: 'ok',
      info: { mysql: { status: 'up' }, supabase: { status: 'up' } },
      error: {},
      details: {},
    },
  })
  @ApiResponse({
    status: 503,
    description: 'At least one dependency did not answer.',
    example: {
      status: 'error',
      info: { mysql: { status: 'up' } },
      error: { supabase: { status: 'down', message: 'no answer' } },
      details: {},
    },
  })
  @ApiResponse(UNREADABLE_BODY_RESPONSE)
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.dependencies.mysql(),
        () => this.dependencies.supabase(),
      ]);
    } catch (error) {
      // Terminus reports "not ready" as an exception; the report itself is the answer.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
