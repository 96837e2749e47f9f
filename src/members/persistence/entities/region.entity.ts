import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'regions', synchronize: false })
export class RegionEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 8 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;
}
