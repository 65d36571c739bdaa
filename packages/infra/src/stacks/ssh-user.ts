/** The user every instance's SSH login uses (Amazon Linux): in the shared outputs and each deploy contract. */
export const SSH_USER = 'ec2-user';
