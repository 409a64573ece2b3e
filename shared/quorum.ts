/** How many of `voting` etcd members must answer for the cluster to take writes (Raft's majority). */
export const quorumOf = (voting: number) => Math.floor(voting / 2) + 1;
