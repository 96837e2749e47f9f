import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { ErrorResponseDto, UNREADABLE_BODY_RESPONSE } from '../common/errors/error-response.dto';
import { MetricsKeyGuard } from './metrics-key.guard';

/** The integration's own controller, documented in Swagger like every other route. */
@ApiTags('operations')
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Prometheus text format: webhook notifications, processing outcomes, inbox depth, ' +
      'Intercom calls and rate-limit waits, lookups, and Node.js process metrics; no personal ' +
      'data. Open while `METRICS_API_KEYS` is unset (keep it on the internal network); with ' +
      'keys set, a scrape needs one as `Authorization: Bearer` and the key (see docs/operations.md).',
    // Either no key (METRICS_API_KEYS unset) or a bearer key.
    security: [{}, { bearer: [] }],
  })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'The metrics.',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# HELP natca_inbox_notifications Recorded notifications by state, across every instance sharing the database.\n' +
          '# TYPE natca_inbox_notifications gauge\n' +
          'natca_inbox_notifications{state="failed"} 0\n',
      },
    },
  })
  @ApiResponse({
    status: 401,
    description: 'METRICS_API_KEYS is set and no key of it was presented.',
    type: ErrorResponseDto,
    example: { error: 'Unauthorized' },
  })
  @ApiResponse(UNREADABLE_BODY_RESPONSE)
  @UseGuards(MetricsKeyGuard)
  override index(@Res({ passthrough: true }) response: Response): Promise<string> {
    return super.index(response);
  }
}
