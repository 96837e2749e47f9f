import { ApiProperty } from '@nestjs/swagger';

export class WebhookAckDto {
  @ApiProperty({ enum: [true], example: true })
  received!: true;
}
