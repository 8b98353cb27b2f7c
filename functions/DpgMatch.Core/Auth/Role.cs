namespace DpgMatch.Core.Auth;

public enum Role
{
    Officer,
    Maintainer,
    Analyst,
    Admin,
}
