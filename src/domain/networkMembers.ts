/**
 * Whether a person is in a quartier's network: what a feature outside the network needs to know of it (/lier
 * keeps the identity already in the network as the primary). The network feature's SupportNetwork answers it.
 */
export interface NetworkMembers {
  /** Their membership, or undefined when they are not in any network. */
  get(personId: string): Promise<object | undefined>;
}
