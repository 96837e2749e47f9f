import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MemberRepository } from './member.repository';
import { FacilityEntity } from './persistence/entities/facility.entity';
import { MemberEntity } from './persistence/entities/member.entity';
import { RegionEntity } from './persistence/entities/region.entity';
import { TypeormMemberRepository } from './persistence/typeorm-member.repository';

/**
 * Read access to the legacy member database. Exports only the port; the
 * TypeORM connection itself is configured once in DatabaseModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([MemberEntity, FacilityEntity, RegionEntity])],
  providers: [{ provide: MemberRepository, useClass: TypeormMemberRepository }],
  exports: [MemberRepository],
})
export class MembersModule {}
