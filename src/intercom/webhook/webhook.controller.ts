import {
  Controller,
  Head,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Req,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { intercomConfig } from '../../common/config/intercom.config';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import {
  emitIntercomEvent,
  NotificationRecordedEvent,
  WebhookReceivedEvent,
  type WebhookReceiveResult,
} from '../events/intercom.events';
import { WebhookAckDto } from './dto/webhook-ack.dto';
import { WebhookIntakeService } from './webhook-intake.service';
import { parseNotification } from './webhook-notification';
import { isValidSignature } from './webhook-signature';

@ApiTags('webhook')
@Controller('intercom/webhook')
export class WebhookController {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly events: EventEmitter2,
    @Inject(intercomConfig.KEY) private readonly config: ConfigType<typeof intercomConfig>,
  ) {}

  @Head()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'URL check', description: 'Intercom checks the webhook URL with HEAD.' })
  @ApiResponse({ status: 200, description: 'The URL is live.' })
  check(): void {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Receive an Intercom notification',
    description:
      'Answers 200 once the notification is durably recorded (or is a repeat, or needs no work); ' +
      'the work happens afterwards. Handled topics: conversation.user.created, ' +
      'conversation.user.replied, conversation_part.tag.created. Never answers 429.',
  })
  @ApiHeader({
    name: 'X-Hub-Signature',
    required: false,
    description:
      '`sha1=<hex HMAC-SHA1 of the raw body>` keyed with the client secret; required when one is configured.',
  })
  @ApiBody({
    description: 'An Intercom notification (at most 1 MB).',
    schema: { type: 'object' },
    examples: {
      replied: {
        value: {
          type: 'notification_event',
          id: 'notif_123',
          topic: 'conversation.user.replied',
          data: {
            type: 'notification_event_data',
            item: {
              type: 'conversation',
              id: '123',
              source: {
                type: 'conversation',
                id: '123',
                author: { type: 'user', id: '67eb0a6e8f72a828ba21c342' },
              },
              contacts: {
                type: 'contact.list',
                contacts: [{ type: 'contact', id: '67eb0a6e8f72a828ba21c342' }],
              },
            },
          },
        },
      },
    },
  })
  @ApiResponse({
    status: 200,
    description: 'Recorded, repeated, or needs no work.',
    type: WebhookAckDto,
  })
  @ApiResponse({
    status: 400,
    description: 'Body is not a JSON object.',
    type: ErrorResponseDto,
    example: { error: 'Request body must be a JSON object' },
  })
  @ApiResponse({
    status: 401,
    description: 'Missing or wrong signature.',
    type: ErrorResponseDto,
    example: { error: 'Invalid signature' },
  })
  @ApiResponse({
    status: 413,
    description: 'Body over 1 MB.',
    type: ErrorResponseDto,
    example: { error: 'Payload too large' },
  })
  @ApiResponse({
    status: 503,
    description: 'Could not be recorded; Intercom will deliver it again.',
    type: ErrorResponseDto,
    example: { error: 'Notification could not be recorded, please retry' },
  })
  async receive(
    @Req() request: Request,
    @Headers('x-hub-signature') signature?: string,
  ): Promise<WebhookAckDto> {
    // The raw parser registered for this route (app.setup.ts) leaves the exact bytes Intercom signed.
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (
      this.config.clientSecret &&
      !isValidSignature(rawBody, signature, this.config.clientSecret)
    ) {
      this.received(null, 'rejected_signature');
      throw new AppError(ErrorCode.InvalidSignature);
    }
    const notification = parseNotification(rawBody);
    if (!notification) {
      this.received(null, 'invalid_body');
      throw new AppError(ErrorCode.InvalidBody);
    }
    this.logger.log({
      msg: 'Intercom webhook received',
      topic: notification.topic,
      id: notification.notificationId,
    });
    const result = await this.intake.accept(notification).catch((error: unknown) => {
      this.received(notification.topic, 'unavailable');
      throw error;
    });
    this.received(notification.topic, result);
    if (result === 'recorded')
      emitIntercomEvent(this.events, new NotificationRecordedEvent([notification.topic]));
    return { received: true };
  }

  /** Every answer is reported once, for the metrics. */
  private received(topic: string | null, result: WebhookReceiveResult): void {
    emitIntercomEvent(this.events, new WebhookReceivedEvent(topic, result));
  }
}
