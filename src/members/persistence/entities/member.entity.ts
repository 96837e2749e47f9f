import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FacilityEntity } from './facility.entity';
import { RegionEntity } from './region.entity';

/** The legacy `members` table. Read-only: the service never writes or migrates it. */
@Entity({ name: 'members', synchronize: false })
export class MemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 16, name: 'membernumber' })
  memberNumber!: string;

  @Column({ type: 'varchar', length: 64, name: 'firstname' })
  firstName!: string;

  @Column({ type: 'varchar', length: 64, name: 'lastname' })
  lastName!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'int', name: 'membertypeid' })
  memberTypeId!: number;

  @ManyToOne(() => FacilityEntity, { nullable: true, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'facility_id' })
  facility!: FacilityEntity | null;

  @ManyToOne(() => RegionEntity, { nullable: true, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'region_id' })
  region!: RegionEntity | null;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
