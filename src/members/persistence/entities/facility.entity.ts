import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RegionEntity } from './region.entity';

@Entity({ name: 'facilities', synchronize: false })
export class FacilityEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @ManyToOne(() => RegionEntity, { nullable: true, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'region_id' })
  region!: RegionEntity | null;
}
