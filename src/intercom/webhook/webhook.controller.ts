import { Controller, Head, HttpCode, HttpStatus, Logger, Post, UseGuards } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, UNREADABLE_BODY_RESPONSE } from '../../common/errors/error-response.dto';
import { RawBody } from '../../common/http/raw-body.decorator';
import { emitIntercomEvent, NotificationRecordedEvent, WebhookReceivedEvent } from '../events';
import type { IncomingNotification } from '../inbox';
import { WebhookAckDto } from './dto/webhook-ack.dto';
import { ParseNotificationPipe } from './parse-notification.pipe';
import { WebhookIntakeService, type IntakeResult } from './webhook-intake.service';
import { WebhookSignatureGuard } from './webhook-signature.guard';

/** The route Intercom posts to, under the global prefix `api`. */
export const WEBHOOK_ROUTE = 'intercom/webhook';

const RECEIVED: WebhookAckDto = { received: true };

/**
 * Intercom's notifications, through Nest's whole pipeline like every route:
 * the body parser reads the raw bytes (413 over 1 MB, first), the
 * WebhookSignatureGuard checks `X-Hub-Signature` over them (401), the
 * ParseNotificationPipe reads the envelope (400), then this controller has it
 * recorded durably (WebhookIntakeService: 200 after the commit, 503 when it
 * cannot be) and, once it is, emits NotificationRecordedEvent: the inbox
 * worker's seam (NotificationRecordedListener → InboxWorker → the handlers,
 * which use MemberRepository, PositionsService and IntercomGateway).
 */
@ApiTags('webhook')
@Controller(WEBHOOK_ROUTE)
export class WebhookController {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly events: EventEmitter2,
  ) {}

  @Head()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'URL check',
    description: 'Intercom checks the webhook URL with HEAD.',
    security: [],
  })
  @ApiResponse({ status: 200, description: 'The URL is live.' })
  @ApiResponse(UNREADABLE_BODY_RESPONSE)
  check(): void {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Receive an Intercom notification',
    // No API key: Intercom proves the sender with the X-Hub-Signature header below.
    security: [],
    description:
      'Answers 200 once the notification is durably recorded (or is a repeat, or needs no work); ' +
      'the work happens afterwards. Handled topics: conversation.user.created, ' +
      'conversation.user.replied, conversation_part.tag.created. Never answers 429.',
  })
  @ApiHeader({
    name: 'X-Hub-Signature',
    required: false,
    description:
      '`sha1=<hex HMAC-SHA1 of the raw body>` keyed with the client secret. Without a configured ' +
      'secret every notification is refused 401, unless INTERCOM_WEBHOOK_UNSIGNED=allow (development only).',
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
    description:
      'Body is not a JSON object, or its `id` or `topic` is not well-formed Unicode ' +
      '(`Notification id and topic must be well-formed Unicode`).',
    type: ErrorResponseDto,
    example: { error: 'Request body must be a JSON object' },
  })
  @ApiResponse({
    status: 401,
    description: 'Missing or wrong signature, or no client secret configured.',
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
  @UseGuards(WebhookSignatureGuard)
  async receive(
    @RawBody(ParseNotificationPipe) notification: IncomingNotification,
  ): Promise<WebhookAckDto> {
    const { topic, notificationId } = notification;
    // The request id comes with every line written while handling a request (LoggingModule).
    this.logger.log({ msg: 'Intercom webhook received', topic, id: notificationId });
    let result: IntakeResult;
    try {
      result = await this.intake.accept(notification);
    } catch (error) {
      this.emit(new WebhookReceivedEvent(topic, 'unavailable'));
      throw error;
    }
    this.emit(new WebhookReceivedEvent(topic, result));
    if (result === 'recorded') this.emit(new NotificationRecordedEvent([topic]));
    return RECEIVED;
  }

  private emit(event: WebhookReceivedEvent | NotificationRecordedEvent): void {
    emitIntercomEvent(this.events, event);
  }
}
