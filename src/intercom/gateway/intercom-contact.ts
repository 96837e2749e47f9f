/** The parts of an Intercom contact this service reads. */
export interface IntercomContact {
  id: string;
  role: string;
  email: string | null;
  phone: string | null;
  customAttributes: Record<string, unknown>;
  /** Unix seconds. */
  createdAt: number;
}

/** What the service writes to a contact. */
export interface ContactChanges {
  customAttributes: Record<string, string>;
  /** E.164; absent means "leave the phone as it is". */
  phone?: string;
  email?: string;
  name?: string;
  role?: 'user';
}

export interface NewContact extends ContactChanges {
  role: 'user';
  email: string;
}

export interface IntercomConversation {
  id: string;
  customAttributes: Record<string, unknown>;
  contactIds: string[];
  tags: Array<{ id: string; name: string }>;
}

export interface IntercomTag {
  id: string;
  name: string;
}

/** One page of a contact search, with the cursor of the next page when there is one. */
export interface ContactPage {
  contacts: IntercomContact[];
  totalCount: number;
  nextCursor: string | null;
}

/** The subset of Intercom's search query grammar this service builds. */
export type ContactSearchQuery =
  | {
      field: string;
      operator: '=' | '!=' | '>' | '<' | '~' | 'IN' | 'NIN';
      value: string | number | null | string[];
    }
  | { operator: 'AND' | 'OR'; value: ContactSearchQuery[] };

/** A data attribute of the workspace (GET /data_attributes), as far as this service reads it. */
export interface IntercomDataAttribute {
  /** The key custom_attributes use, e.g. `member_number`. */
  name: string;
  /** `contact`, `company` or `conversation`. */
  model: string;
  /** `string`, `integer`, `float`, `boolean`, `date`, … */
  dataType: string;
  /** True for attributes an admin or app created; false for Intercom's own. */
  custom: boolean;
  archived: boolean;
  /** The options of a list attribute (values outside them are refused); empty for any other. */
  options: string[];
}

/** A custom contact attribute to create: always a string, with a description for admins. */
export interface NewContactAttribute {
  name: string;
  description: string;
}
