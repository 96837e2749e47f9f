import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { UNREADABLE_BODY_RESPONSE } from '../common/errors/error-response.dto';

/** The integration's own controller, documented in Swagger like every other route. */
@ApiTags('operations')
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Prometheus text format: webhook notifications, processing outcomes, inbox depth, ' +
      'Intercom calls and rate-limit waits, lookups, and Node.js process metrics. ' +
      'No authentication (like the health routes) and no personal data; keep it on the ' +
      'internal network (see docs/operations.md).',
    security: [],
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
  @ApiResponse(UNREADABLE_BODY_RESPONSE)
  override index(@Res({ passthrough: true }) response: Response): Promise<string> {
    return super.index(response);
  }
}
