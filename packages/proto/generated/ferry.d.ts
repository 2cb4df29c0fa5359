import * as $protobuf from "protobufjs";
import Long = require("long");
export namespace ferry {

    namespace api {

        namespace v1 {

            interface ILoginRequest {
                user?: (string|null);
                password?: (string|null);
            }

            class LoginRequest implements ILoginRequest {
                constructor(p?: ferry.api.v1.ILoginRequest);
                public user: string;
                public password: string;
                public static create(properties?: ferry.api.v1.ILoginRequest): ferry.api.v1.LoginRequest;
                public static encode(m: ferry.api.v1.ILoginRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ILoginRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.LoginRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.LoginRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.LoginRequest;
                public static toObject(m: ferry.api.v1.LoginRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ILoginResponse {
                token?: (string|null);
                expiresAt?: (ferry.common.v1.ITimestamp|null);
                actor?: (string|null);
                role?: (string|null);
            }

            class LoginResponse implements ILoginResponse {
                constructor(p?: ferry.api.v1.ILoginResponse);
                public token: string;
                public expiresAt?: (ferry.common.v1.ITimestamp|null);
                public actor: string;
                public role: string;
                public static create(properties?: ferry.api.v1.ILoginResponse): ferry.api.v1.LoginResponse;
                public static encode(m: ferry.api.v1.ILoginResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ILoginResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.LoginResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.LoginResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.LoginResponse;
                public static toObject(m: ferry.api.v1.LoginResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IInitAdminRequest {
                user?: (string|null);
                password?: (string|null);
                initCode?: (string|null);
            }

            class InitAdminRequest implements IInitAdminRequest {
                constructor(p?: ferry.api.v1.IInitAdminRequest);
                public user: string;
                public password: string;
                public initCode: string;
                public static create(properties?: ferry.api.v1.IInitAdminRequest): ferry.api.v1.InitAdminRequest;
                public static encode(m: ferry.api.v1.IInitAdminRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IInitAdminRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.InitAdminRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.InitAdminRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.InitAdminRequest;
                public static toObject(m: ferry.api.v1.InitAdminRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWhoAmIRequest {
            }

            class WhoAmIRequest implements IWhoAmIRequest {
                constructor(p?: ferry.api.v1.IWhoAmIRequest);
                public static create(properties?: ferry.api.v1.IWhoAmIRequest): ferry.api.v1.WhoAmIRequest;
                public static encode(m: ferry.api.v1.IWhoAmIRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IWhoAmIRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.WhoAmIRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.WhoAmIRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.WhoAmIRequest;
                public static toObject(m: ferry.api.v1.WhoAmIRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWhoAmIResponse {
                actor?: (string|null);
                role?: (string|null);
                expiresAt?: (ferry.common.v1.ITimestamp|null);
                scope?: (string|null);
            }

            class WhoAmIResponse implements IWhoAmIResponse {
                constructor(p?: ferry.api.v1.IWhoAmIResponse);
                public actor: string;
                public role: string;
                public expiresAt?: (ferry.common.v1.ITimestamp|null);
                public scope: string;
                public static create(properties?: ferry.api.v1.IWhoAmIResponse): ferry.api.v1.WhoAmIResponse;
                public static encode(m: ferry.api.v1.IWhoAmIResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IWhoAmIResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.WhoAmIResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.WhoAmIResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.WhoAmIResponse;
                public static toObject(m: ferry.api.v1.WhoAmIResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IUser {
                name?: (string|null);
                role?: (string|null);
                actor?: (string|null);
                passwordSetAt?: (ferry.common.v1.ITimestamp|null);
                scope?: (string|null);
            }

            class User implements IUser {
                constructor(p?: ferry.api.v1.IUser);
                public name: string;
                public role: string;
                public actor: string;
                public passwordSetAt?: (ferry.common.v1.ITimestamp|null);
                public scope: string;
                public static create(properties?: ferry.api.v1.IUser): ferry.api.v1.User;
                public static encode(m: ferry.api.v1.IUser, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IUser, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.User;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.User;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.User;
                public static toObject(m: ferry.api.v1.User, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IApiKey {
                name?: (string|null);
                role?: (string|null);
                actor?: (string|null);
                issuedAt?: (ferry.common.v1.ITimestamp|null);
                revoked?: (boolean|null);
                scope?: (string|null);
            }

            class ApiKey implements IApiKey {
                constructor(p?: ferry.api.v1.IApiKey);
                public name: string;
                public role: string;
                public actor: string;
                public issuedAt?: (ferry.common.v1.ITimestamp|null);
                public revoked: boolean;
                public scope: string;
                public static create(properties?: ferry.api.v1.IApiKey): ferry.api.v1.ApiKey;
                public static encode(m: ferry.api.v1.IApiKey, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IApiKey, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ApiKey;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ApiKey;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ApiKey;
                public static toObject(m: ferry.api.v1.ApiKey, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICreateUserRequest {
                user?: (string|null);
                password?: (string|null);
                role?: (string|null);
                scope?: (string|null);
            }

            class CreateUserRequest implements ICreateUserRequest {
                constructor(p?: ferry.api.v1.ICreateUserRequest);
                public user: string;
                public password: string;
                public role: string;
                public scope: string;
                public static create(properties?: ferry.api.v1.ICreateUserRequest): ferry.api.v1.CreateUserRequest;
                public static encode(m: ferry.api.v1.ICreateUserRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICreateUserRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CreateUserRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CreateUserRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CreateUserRequest;
                public static toObject(m: ferry.api.v1.CreateUserRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGrantRoleRequest {
                user?: (string|null);
                role?: (string|null);
            }

            class GrantRoleRequest implements IGrantRoleRequest {
                constructor(p?: ferry.api.v1.IGrantRoleRequest);
                public user: string;
                public role: string;
                public static create(properties?: ferry.api.v1.IGrantRoleRequest): ferry.api.v1.GrantRoleRequest;
                public static encode(m: ferry.api.v1.IGrantRoleRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IGrantRoleRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.GrantRoleRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.GrantRoleRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.GrantRoleRequest;
                public static toObject(m: ferry.api.v1.GrantRoleRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISetPasswordRequest {
                user?: (string|null);
                password?: (string|null);
            }

            class SetPasswordRequest implements ISetPasswordRequest {
                constructor(p?: ferry.api.v1.ISetPasswordRequest);
                public user: string;
                public password: string;
                public static create(properties?: ferry.api.v1.ISetPasswordRequest): ferry.api.v1.SetPasswordRequest;
                public static encode(m: ferry.api.v1.ISetPasswordRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ISetPasswordRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.SetPasswordRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.SetPasswordRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.SetPasswordRequest;
                public static toObject(m: ferry.api.v1.SetPasswordRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListUsersRequest {
            }

            class ListUsersRequest implements IListUsersRequest {
                constructor(p?: ferry.api.v1.IListUsersRequest);
                public static create(properties?: ferry.api.v1.IListUsersRequest): ferry.api.v1.ListUsersRequest;
                public static encode(m: ferry.api.v1.IListUsersRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListUsersRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListUsersRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListUsersRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListUsersRequest;
                public static toObject(m: ferry.api.v1.ListUsersRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListUsersResponse {
                users?: (ferry.api.v1.IUser[]|null);
                apiKeys?: (ferry.api.v1.IApiKey[]|null);
            }

            class ListUsersResponse implements IListUsersResponse {
                constructor(p?: ferry.api.v1.IListUsersResponse);
                public users: ferry.api.v1.IUser[];
                public apiKeys: ferry.api.v1.IApiKey[];
                public static create(properties?: ferry.api.v1.IListUsersResponse): ferry.api.v1.ListUsersResponse;
                public static encode(m: ferry.api.v1.IListUsersResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListUsersResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListUsersResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListUsersResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListUsersResponse;
                public static toObject(m: ferry.api.v1.ListUsersResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICreateApiKeyRequest {
                name?: (string|null);
                role?: (string|null);
                scope?: (string|null);
            }

            class CreateApiKeyRequest implements ICreateApiKeyRequest {
                constructor(p?: ferry.api.v1.ICreateApiKeyRequest);
                public name: string;
                public role: string;
                public scope: string;
                public static create(properties?: ferry.api.v1.ICreateApiKeyRequest): ferry.api.v1.CreateApiKeyRequest;
                public static encode(m: ferry.api.v1.ICreateApiKeyRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICreateApiKeyRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CreateApiKeyRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CreateApiKeyRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CreateApiKeyRequest;
                public static toObject(m: ferry.api.v1.CreateApiKeyRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICreateApiKeyResponse {
                apiKey?: (ferry.api.v1.IApiKey|null);
                key?: (string|null);
            }

            class CreateApiKeyResponse implements ICreateApiKeyResponse {
                constructor(p?: ferry.api.v1.ICreateApiKeyResponse);
                public apiKey?: (ferry.api.v1.IApiKey|null);
                public key: string;
                public static create(properties?: ferry.api.v1.ICreateApiKeyResponse): ferry.api.v1.CreateApiKeyResponse;
                public static encode(m: ferry.api.v1.ICreateApiKeyResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICreateApiKeyResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CreateApiKeyResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CreateApiKeyResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CreateApiKeyResponse;
                public static toObject(m: ferry.api.v1.CreateApiKeyResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRevokeApiKeyRequest {
                name?: (string|null);
                reason?: (string|null);
            }

            class RevokeApiKeyRequest implements IRevokeApiKeyRequest {
                constructor(p?: ferry.api.v1.IRevokeApiKeyRequest);
                public name: string;
                public reason: string;
                public static create(properties?: ferry.api.v1.IRevokeApiKeyRequest): ferry.api.v1.RevokeApiKeyRequest;
                public static encode(m: ferry.api.v1.IRevokeApiKeyRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IRevokeApiKeyRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.RevokeApiKeyRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.RevokeApiKeyRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.RevokeApiKeyRequest;
                public static toObject(m: ferry.api.v1.RevokeApiKeyRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListSecurityEventsRequest {
                days?: (number|null);
                limit?: (number|null);
            }

            class ListSecurityEventsRequest implements IListSecurityEventsRequest {
                constructor(p?: ferry.api.v1.IListSecurityEventsRequest);
                public days: number;
                public limit: number;
                public static create(properties?: ferry.api.v1.IListSecurityEventsRequest): ferry.api.v1.ListSecurityEventsRequest;
                public static encode(m: ferry.api.v1.IListSecurityEventsRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListSecurityEventsRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListSecurityEventsRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListSecurityEventsRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListSecurityEventsRequest;
                public static toObject(m: ferry.api.v1.ListSecurityEventsRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISecurityEvent {
                at?: (ferry.common.v1.ITimestamp|null);
                lastAt?: (ferry.common.v1.ITimestamp|null);
                rpc?: (string|null);
                code?: (string|null);
                principal?: (string|null);
                peer?: (string|null);
                reason?: (string|null);
                repeats?: (number|null);
            }

            class SecurityEvent implements ISecurityEvent {
                constructor(p?: ferry.api.v1.ISecurityEvent);
                public at?: (ferry.common.v1.ITimestamp|null);
                public lastAt?: (ferry.common.v1.ITimestamp|null);
                public rpc: string;
                public code: string;
                public principal: string;
                public peer: string;
                public reason: string;
                public repeats: number;
                public static create(properties?: ferry.api.v1.ISecurityEvent): ferry.api.v1.SecurityEvent;
                public static encode(m: ferry.api.v1.ISecurityEvent, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ISecurityEvent, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.SecurityEvent;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.SecurityEvent;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.SecurityEvent;
                public static toObject(m: ferry.api.v1.SecurityEvent, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListSecurityEventsResponse {
                events?: (ferry.api.v1.ISecurityEvent[]|null);
            }

            class ListSecurityEventsResponse implements IListSecurityEventsResponse {
                constructor(p?: ferry.api.v1.IListSecurityEventsResponse);
                public events: ferry.api.v1.ISecurityEvent[];
                public static create(properties?: ferry.api.v1.IListSecurityEventsResponse): ferry.api.v1.ListSecurityEventsResponse;
                public static encode(m: ferry.api.v1.IListSecurityEventsResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListSecurityEventsResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListSecurityEventsResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListSecurityEventsResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListSecurityEventsResponse;
                public static toObject(m: ferry.api.v1.ListSecurityEventsResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRotateTokenKeyRequest {
            }

            class RotateTokenKeyRequest implements IRotateTokenKeyRequest {
                constructor(p?: ferry.api.v1.IRotateTokenKeyRequest);
                public static create(properties?: ferry.api.v1.IRotateTokenKeyRequest): ferry.api.v1.RotateTokenKeyRequest;
                public static encode(m: ferry.api.v1.IRotateTokenKeyRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IRotateTokenKeyRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.RotateTokenKeyRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.RotateTokenKeyRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.RotateTokenKeyRequest;
                public static toObject(m: ferry.api.v1.RotateTokenKeyRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRotateTokenKeyResponse {
                keyId?: (string|null);
                previousKeyId?: (string|null);
                previousAcceptedUntil?: (ferry.common.v1.ITimestamp|null);
            }

            class RotateTokenKeyResponse implements IRotateTokenKeyResponse {
                constructor(p?: ferry.api.v1.IRotateTokenKeyResponse);
                public keyId: string;
                public previousKeyId: string;
                public previousAcceptedUntil?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.api.v1.IRotateTokenKeyResponse): ferry.api.v1.RotateTokenKeyResponse;
                public static encode(m: ferry.api.v1.IRotateTokenKeyResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IRotateTokenKeyResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.RotateTokenKeyResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.RotateTokenKeyResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.RotateTokenKeyResponse;
                public static toObject(m: ferry.api.v1.RotateTokenKeyResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IScheduleCutoverRequest {
                migrationId?: (string|null);
                at?: (ferry.common.v1.ITimestamp|null);
            }

            class ScheduleCutoverRequest implements IScheduleCutoverRequest {
                constructor(p?: ferry.api.v1.IScheduleCutoverRequest);
                public migrationId: string;
                public at?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.api.v1.IScheduleCutoverRequest): ferry.api.v1.ScheduleCutoverRequest;
                public static encode(m: ferry.api.v1.IScheduleCutoverRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IScheduleCutoverRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ScheduleCutoverRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ScheduleCutoverRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ScheduleCutoverRequest;
                public static toObject(m: ferry.api.v1.ScheduleCutoverRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationDowntime {
                predicted?: (ferry.migration.v1.IDowntimePrediction|null);
                recorded?: (boolean|null);
                measuredMillis?: (number|Long|null);
                cutoverScheduledAt?: (ferry.common.v1.ITimestamp|null);
            }

            class MigrationDowntime implements IMigrationDowntime {
                constructor(p?: ferry.api.v1.IMigrationDowntime);
                public predicted?: (ferry.migration.v1.IDowntimePrediction|null);
                public recorded: boolean;
                public measuredMillis: (number|Long);
                public cutoverScheduledAt?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.api.v1.IMigrationDowntime): ferry.api.v1.MigrationDowntime;
                public static encode(m: ferry.api.v1.IMigrationDowntime, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IMigrationDowntime, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.MigrationDowntime;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.MigrationDowntime;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.MigrationDowntime;
                public static toObject(m: ferry.api.v1.MigrationDowntime, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAdvisePlanRequest {
                planId?: (string|null);
            }

            class AdvisePlanRequest implements IAdvisePlanRequest {
                constructor(p?: ferry.api.v1.IAdvisePlanRequest);
                public planId: string;
                public static create(properties?: ferry.api.v1.IAdvisePlanRequest): ferry.api.v1.AdvisePlanRequest;
                public static encode(m: ferry.api.v1.IAdvisePlanRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IAdvisePlanRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.AdvisePlanRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.AdvisePlanRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.AdvisePlanRequest;
                public static toObject(m: ferry.api.v1.AdvisePlanRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVmAdvice {
                vm?: (ferry.common.v1.IVmRef|null);
                migrationId?: (string|null);
                precopy?: (ferry.migration.v1.IDowntimePrediction|null);
                coldDowntimeMillis?: (number|Long|null);
                warmDowntimeMillis?: (number|Long|null);
                advice?: (string|null);
                reason?: (string|null);
                defaults?: (string[]|null);
            }

            class VmAdvice implements IVmAdvice {
                constructor(p?: ferry.api.v1.IVmAdvice);
                public vm?: (ferry.common.v1.IVmRef|null);
                public migrationId: string;
                public precopy?: (ferry.migration.v1.IDowntimePrediction|null);
                public coldDowntimeMillis: (number|Long);
                public warmDowntimeMillis: (number|Long);
                public advice: string;
                public reason: string;
                public defaults: string[];
                public static create(properties?: ferry.api.v1.IVmAdvice): ferry.api.v1.VmAdvice;
                public static encode(m: ferry.api.v1.IVmAdvice, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IVmAdvice, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.VmAdvice;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.VmAdvice;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.VmAdvice;
                public static toObject(m: ferry.api.v1.VmAdvice, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanAdvice {
                planId?: (string|null);
                vms?: (ferry.api.v1.IVmAdvice[]|null);
            }

            class PlanAdvice implements IPlanAdvice {
                constructor(p?: ferry.api.v1.IPlanAdvice);
                public planId: string;
                public vms: ferry.api.v1.IVmAdvice[];
                public static create(properties?: ferry.api.v1.IPlanAdvice): ferry.api.v1.PlanAdvice;
                public static encode(m: ferry.api.v1.IPlanAdvice, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IPlanAdvice, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.PlanAdvice;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.PlanAdvice;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.PlanAdvice;
                public static toObject(m: ferry.api.v1.PlanAdvice, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            class Ferry extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): Ferry;
                public listVms(request: ferry.api.v1.IListVmsRequest, callback: ferry.api.v1.Ferry.ListVmsCallback): void;
                public listVms(request: ferry.api.v1.IListVmsRequest): Promise<ferry.api.v1.ListVmsResponse>;
                public getVm(request: ferry.api.v1.IGetVmRequest, callback: ferry.api.v1.Ferry.GetVmCallback): void;
                public getVm(request: ferry.api.v1.IGetVmRequest): Promise<ferry.api.v1.Vm>;
                public assessVm(request: ferry.api.v1.IAssessVmRequest, callback: ferry.api.v1.Ferry.AssessVmCallback): void;
                public assessVm(request: ferry.api.v1.IAssessVmRequest): Promise<ferry.api.v1.Assessment>;
                public createPlan(request: ferry.api.v1.ICreatePlanRequest, callback: ferry.api.v1.Ferry.CreatePlanCallback): void;
                public createPlan(request: ferry.api.v1.ICreatePlanRequest): Promise<ferry.api.v1.Plan>;
                public startPlan(request: ferry.api.v1.IStartPlanRequest, callback: ferry.api.v1.Ferry.StartPlanCallback): void;
                public startPlan(request: ferry.api.v1.IStartPlanRequest): Promise<ferry.api.v1.Plan>;
                public getPlan(request: ferry.api.v1.IGetPlanRequest, callback: ferry.api.v1.Ferry.GetPlanCallback): void;
                public getPlan(request: ferry.api.v1.IGetPlanRequest): Promise<ferry.api.v1.Plan>;
                public listPlans(request: ferry.api.v1.IListPlansRequest, callback: ferry.api.v1.Ferry.ListPlansCallback): void;
                public listPlans(request: ferry.api.v1.IListPlansRequest): Promise<ferry.api.v1.ListPlansResponse>;
                public cancelPlan(request: ferry.api.v1.ICancelPlanRequest, callback: ferry.api.v1.Ferry.CancelPlanCallback): void;
                public cancelPlan(request: ferry.api.v1.ICancelPlanRequest): Promise<ferry.api.v1.Plan>;
                public setPlanDiskRate(request: ferry.api.v1.ISetPlanDiskRateRequest, callback: ferry.api.v1.Ferry.SetPlanDiskRateCallback): void;
                public setPlanDiskRate(request: ferry.api.v1.ISetPlanDiskRateRequest): Promise<ferry.api.v1.Plan>;
                public getMigration(request: ferry.api.v1.IGetMigrationRequest, callback: ferry.api.v1.Ferry.GetMigrationCallback): void;
                public getMigration(request: ferry.api.v1.IGetMigrationRequest): Promise<ferry.api.v1.Migration>;
                public listMigrations(request: ferry.api.v1.IListMigrationsRequest, callback: ferry.api.v1.Ferry.ListMigrationsCallback): void;
                public listMigrations(request: ferry.api.v1.IListMigrationsRequest): Promise<ferry.api.v1.ListMigrationsResponse>;
                public watchMigration(request: ferry.api.v1.IWatchMigrationRequest, callback: ferry.api.v1.Ferry.WatchMigrationCallback): void;
                public watchMigration(request: ferry.api.v1.IWatchMigrationRequest): Promise<ferry.api.v1.MigrationUpdate>;
                public watchPlan(request: ferry.api.v1.IWatchPlanRequest, callback: ferry.api.v1.Ferry.WatchPlanCallback): void;
                public watchPlan(request: ferry.api.v1.IWatchPlanRequest): Promise<ferry.api.v1.PlanUpdate>;
                public cancelMigration(request: ferry.api.v1.ICancelMigrationRequest, callback: ferry.api.v1.Ferry.CancelMigrationCallback): void;
                public cancelMigration(request: ferry.api.v1.ICancelMigrationRequest): Promise<ferry.api.v1.Migration>;
                public retryMigration(request: ferry.api.v1.IRetryMigrationRequest, callback: ferry.api.v1.Ferry.RetryMigrationCallback): void;
                public retryMigration(request: ferry.api.v1.IRetryMigrationRequest): Promise<ferry.api.v1.Migration>;
                public migrateBack(request: ferry.api.v1.IMigrateBackRequest, callback: ferry.api.v1.Ferry.MigrateBackCallback): void;
                public migrateBack(request: ferry.api.v1.IMigrateBackRequest): Promise<ferry.api.v1.Migration>;
                public purgeCloud(request: ferry.api.v1.IPurgeCloudRequest, callback: ferry.api.v1.Ferry.PurgeCloudCallback): void;
                public purgeCloud(request: ferry.api.v1.IPurgeCloudRequest): Promise<ferry.api.v1.Migration>;
                public listMigrationEvents(request: ferry.api.v1.IListMigrationEventsRequest, callback: ferry.api.v1.Ferry.ListMigrationEventsCallback): void;
                public listMigrationEvents(request: ferry.api.v1.IListMigrationEventsRequest): Promise<ferry.api.v1.ListMigrationEventsResponse>;
                public listCacheVolumes(request: ferry.api.v1.IListCacheVolumesRequest, callback: ferry.api.v1.Ferry.ListCacheVolumesCallback): void;
                public listCacheVolumes(request: ferry.api.v1.IListCacheVolumesRequest): Promise<ferry.api.v1.ListCacheVolumesResponse>;
                public replayAudit(request: ferry.api.v1.IReplayAuditRequest, callback: ferry.api.v1.Ferry.ReplayAuditCallback): void;
                public replayAudit(request: ferry.api.v1.IReplayAuditRequest): Promise<ferry.api.v1.ReplayAuditResponse>;
                public exportAudit(request: ferry.api.v1.IExportAuditRequest, callback: ferry.api.v1.Ferry.ExportAuditCallback): void;
                public exportAudit(request: ferry.api.v1.IExportAuditRequest): Promise<ferry.api.v1.AuditEvent>;
                public getAuditStatus(request: ferry.api.v1.IGetAuditStatusRequest, callback: ferry.api.v1.Ferry.GetAuditStatusCallback): void;
                public getAuditStatus(request: ferry.api.v1.IGetAuditStatusRequest): Promise<ferry.api.v1.AuditStatus>;
                public cutover(request: ferry.api.v1.ICutoverRequest, callback: ferry.api.v1.Ferry.CutoverCallback): void;
                public cutover(request: ferry.api.v1.ICutoverRequest): Promise<ferry.api.v1.Migration>;
                public scheduleCutover(request: ferry.api.v1.IScheduleCutoverRequest, callback: ferry.api.v1.Ferry.ScheduleCutoverCallback): void;
                public scheduleCutover(request: ferry.api.v1.IScheduleCutoverRequest): Promise<ferry.api.v1.Migration>;
                public advisePlan(request: ferry.api.v1.IAdvisePlanRequest, callback: ferry.api.v1.Ferry.AdvisePlanCallback): void;
                public advisePlan(request: ferry.api.v1.IAdvisePlanRequest): Promise<ferry.api.v1.PlanAdvice>;
                public login(request: ferry.api.v1.ILoginRequest, callback: ferry.api.v1.Ferry.LoginCallback): void;
                public login(request: ferry.api.v1.ILoginRequest): Promise<ferry.api.v1.LoginResponse>;
                public whoAmI(request: ferry.api.v1.IWhoAmIRequest, callback: ferry.api.v1.Ferry.WhoAmICallback): void;
                public whoAmI(request: ferry.api.v1.IWhoAmIRequest): Promise<ferry.api.v1.WhoAmIResponse>;
                public initAdmin(request: ferry.api.v1.IInitAdminRequest, callback: ferry.api.v1.Ferry.InitAdminCallback): void;
                public initAdmin(request: ferry.api.v1.IInitAdminRequest): Promise<ferry.api.v1.User>;
                public createUser(request: ferry.api.v1.ICreateUserRequest, callback: ferry.api.v1.Ferry.CreateUserCallback): void;
                public createUser(request: ferry.api.v1.ICreateUserRequest): Promise<ferry.api.v1.User>;
                public grantRole(request: ferry.api.v1.IGrantRoleRequest, callback: ferry.api.v1.Ferry.GrantRoleCallback): void;
                public grantRole(request: ferry.api.v1.IGrantRoleRequest): Promise<ferry.api.v1.User>;
                public setPassword(request: ferry.api.v1.ISetPasswordRequest, callback: ferry.api.v1.Ferry.SetPasswordCallback): void;
                public setPassword(request: ferry.api.v1.ISetPasswordRequest): Promise<ferry.api.v1.User>;
                public listUsers(request: ferry.api.v1.IListUsersRequest, callback: ferry.api.v1.Ferry.ListUsersCallback): void;
                public listUsers(request: ferry.api.v1.IListUsersRequest): Promise<ferry.api.v1.ListUsersResponse>;
                public createApiKey(request: ferry.api.v1.ICreateApiKeyRequest, callback: ferry.api.v1.Ferry.CreateApiKeyCallback): void;
                public createApiKey(request: ferry.api.v1.ICreateApiKeyRequest): Promise<ferry.api.v1.CreateApiKeyResponse>;
                public revokeApiKey(request: ferry.api.v1.IRevokeApiKeyRequest, callback: ferry.api.v1.Ferry.RevokeApiKeyCallback): void;
                public revokeApiKey(request: ferry.api.v1.IRevokeApiKeyRequest): Promise<ferry.api.v1.ApiKey>;
                public listSecurityEvents(request: ferry.api.v1.IListSecurityEventsRequest, callback: ferry.api.v1.Ferry.ListSecurityEventsCallback): void;
                public listSecurityEvents(request: ferry.api.v1.IListSecurityEventsRequest): Promise<ferry.api.v1.ListSecurityEventsResponse>;
                public rotateTokenKey(request: ferry.api.v1.IRotateTokenKeyRequest, callback: ferry.api.v1.Ferry.RotateTokenKeyCallback): void;
                public rotateTokenKey(request: ferry.api.v1.IRotateTokenKeyRequest): Promise<ferry.api.v1.RotateTokenKeyResponse>;
            }

            namespace Ferry {

                type ListVmsCallback = (error: (Error|null), response?: ferry.api.v1.ListVmsResponse) => void;

                type GetVmCallback = (error: (Error|null), response?: ferry.api.v1.Vm) => void;

                type AssessVmCallback = (error: (Error|null), response?: ferry.api.v1.Assessment) => void;

                type CreatePlanCallback = (error: (Error|null), response?: ferry.api.v1.Plan) => void;

                type StartPlanCallback = (error: (Error|null), response?: ferry.api.v1.Plan) => void;

                type GetPlanCallback = (error: (Error|null), response?: ferry.api.v1.Plan) => void;

                type ListPlansCallback = (error: (Error|null), response?: ferry.api.v1.ListPlansResponse) => void;

                type CancelPlanCallback = (error: (Error|null), response?: ferry.api.v1.Plan) => void;

                type SetPlanDiskRateCallback = (error: (Error|null), response?: ferry.api.v1.Plan) => void;

                type GetMigrationCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type ListMigrationsCallback = (error: (Error|null), response?: ferry.api.v1.ListMigrationsResponse) => void;

                type WatchMigrationCallback = (error: (Error|null), response?: ferry.api.v1.MigrationUpdate) => void;

                type WatchPlanCallback = (error: (Error|null), response?: ferry.api.v1.PlanUpdate) => void;

                type CancelMigrationCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type RetryMigrationCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type MigrateBackCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type PurgeCloudCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type ListMigrationEventsCallback = (error: (Error|null), response?: ferry.api.v1.ListMigrationEventsResponse) => void;

                type ListCacheVolumesCallback = (error: (Error|null), response?: ferry.api.v1.ListCacheVolumesResponse) => void;

                type ReplayAuditCallback = (error: (Error|null), response?: ferry.api.v1.ReplayAuditResponse) => void;

                type ExportAuditCallback = (error: (Error|null), response?: ferry.api.v1.AuditEvent) => void;

                type GetAuditStatusCallback = (error: (Error|null), response?: ferry.api.v1.AuditStatus) => void;

                type CutoverCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type ScheduleCutoverCallback = (error: (Error|null), response?: ferry.api.v1.Migration) => void;

                type AdvisePlanCallback = (error: (Error|null), response?: ferry.api.v1.PlanAdvice) => void;

                type LoginCallback = (error: (Error|null), response?: ferry.api.v1.LoginResponse) => void;

                type WhoAmICallback = (error: (Error|null), response?: ferry.api.v1.WhoAmIResponse) => void;

                type InitAdminCallback = (error: (Error|null), response?: ferry.api.v1.User) => void;

                type CreateUserCallback = (error: (Error|null), response?: ferry.api.v1.User) => void;

                type GrantRoleCallback = (error: (Error|null), response?: ferry.api.v1.User) => void;

                type SetPasswordCallback = (error: (Error|null), response?: ferry.api.v1.User) => void;

                type ListUsersCallback = (error: (Error|null), response?: ferry.api.v1.ListUsersResponse) => void;

                type CreateApiKeyCallback = (error: (Error|null), response?: ferry.api.v1.CreateApiKeyResponse) => void;

                type RevokeApiKeyCallback = (error: (Error|null), response?: ferry.api.v1.ApiKey) => void;

                type ListSecurityEventsCallback = (error: (Error|null), response?: ferry.api.v1.ListSecurityEventsResponse) => void;

                type RotateTokenKeyCallback = (error: (Error|null), response?: ferry.api.v1.RotateTokenKeyResponse) => void;
            }

            interface IReplayAuditRequest {
                untilSequence?: (number|Long|null);
                untilTime?: (ferry.common.v1.ITimestamp|null);
                aggregateId?: (string|null);
            }

            class ReplayAuditRequest implements IReplayAuditRequest {
                constructor(p?: ferry.api.v1.IReplayAuditRequest);
                public untilSequence: (number|Long);
                public untilTime?: (ferry.common.v1.ITimestamp|null);
                public aggregateId: string;
                public static create(properties?: ferry.api.v1.IReplayAuditRequest): ferry.api.v1.ReplayAuditRequest;
                public static encode(m: ferry.api.v1.IReplayAuditRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IReplayAuditRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ReplayAuditRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ReplayAuditRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ReplayAuditRequest;
                public static toObject(m: ferry.api.v1.ReplayAuditRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IReplayedAggregate {
                aggregate?: (string|null);
                id?: (string|null);
                version?: (number|Long|null);
                events?: (number|null);
                lastEventType?: (string|null);
                lastEventAt?: (ferry.common.v1.ITimestamp|null);
                summary?: (string|null);
                stateJson?: (string|null);
            }

            class ReplayedAggregate implements IReplayedAggregate {
                constructor(p?: ferry.api.v1.IReplayedAggregate);
                public aggregate: string;
                public id: string;
                public version: (number|Long);
                public events: number;
                public lastEventType: string;
                public lastEventAt?: (ferry.common.v1.ITimestamp|null);
                public summary: string;
                public stateJson: string;
                public static create(properties?: ferry.api.v1.IReplayedAggregate): ferry.api.v1.ReplayedAggregate;
                public static encode(m: ferry.api.v1.IReplayedAggregate, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IReplayedAggregate, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ReplayedAggregate;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ReplayedAggregate;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ReplayedAggregate;
                public static toObject(m: ferry.api.v1.ReplayedAggregate, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IReplayAuditResponse {
                aggregates?: (ferry.api.v1.IReplayedAggregate[]|null);
                lastSequence?: (number|Long|null);
            }

            class ReplayAuditResponse implements IReplayAuditResponse {
                constructor(p?: ferry.api.v1.IReplayAuditResponse);
                public aggregates: ferry.api.v1.IReplayedAggregate[];
                public lastSequence: (number|Long);
                public static create(properties?: ferry.api.v1.IReplayAuditResponse): ferry.api.v1.ReplayAuditResponse;
                public static encode(m: ferry.api.v1.IReplayAuditResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IReplayAuditResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ReplayAuditResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ReplayAuditResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ReplayAuditResponse;
                public static toObject(m: ferry.api.v1.ReplayAuditResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetAuditStatusRequest {
            }

            class GetAuditStatusRequest implements IGetAuditStatusRequest {
                constructor(p?: ferry.api.v1.IGetAuditStatusRequest);
                public static create(properties?: ferry.api.v1.IGetAuditStatusRequest): ferry.api.v1.GetAuditStatusRequest;
                public static encode(m: ferry.api.v1.IGetAuditStatusRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IGetAuditStatusRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.GetAuditStatusRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.GetAuditStatusRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.GetAuditStatusRequest;
                public static toObject(m: ferry.api.v1.GetAuditStatusRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAuditStatus {
                intact?: (boolean|null);
                stream?: (string|null);
                messages?: (number|Long|null);
                events?: (number|Long|null);
                aggregates?: (number|Long|null);
                lastSequence?: (number|Long|null);
                findings?: (string[]|null);
                checkedAt?: (ferry.common.v1.ITimestamp|null);
            }

            class AuditStatus implements IAuditStatus {
                constructor(p?: ferry.api.v1.IAuditStatus);
                public intact: boolean;
                public stream: string;
                public messages: (number|Long);
                public events: (number|Long);
                public aggregates: (number|Long);
                public lastSequence: (number|Long);
                public findings: string[];
                public checkedAt?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.api.v1.IAuditStatus): ferry.api.v1.AuditStatus;
                public static encode(m: ferry.api.v1.IAuditStatus, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IAuditStatus, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.AuditStatus;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.AuditStatus;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.AuditStatus;
                public static toObject(m: ferry.api.v1.AuditStatus, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IExportAuditRequest {
                afterSequence?: (number|Long|null);
                aggregateId?: (string|null);
            }

            class ExportAuditRequest implements IExportAuditRequest {
                constructor(p?: ferry.api.v1.IExportAuditRequest);
                public afterSequence: (number|Long);
                public aggregateId: string;
                public static create(properties?: ferry.api.v1.IExportAuditRequest): ferry.api.v1.ExportAuditRequest;
                public static encode(m: ferry.api.v1.IExportAuditRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IExportAuditRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ExportAuditRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ExportAuditRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ExportAuditRequest;
                public static toObject(m: ferry.api.v1.ExportAuditRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAuditEvent {
                sequence?: (number|Long|null);
                index?: (number|null);
                aggregate?: (string|null);
                id?: (string|null);
                typeName?: (string|null);
                actor?: (string|null);
                commandId?: (string|null);
                traceId?: (string|null);
                occurredAt?: (ferry.common.v1.ITimestamp|null);
                previousHash?: (string|null);
                hash?: (string|null);
                payload?: (Uint8Array|null);
            }

            class AuditEvent implements IAuditEvent {
                constructor(p?: ferry.api.v1.IAuditEvent);
                public sequence: (number|Long);
                public index: number;
                public aggregate: string;
                public id: string;
                public typeName: string;
                public actor: string;
                public commandId: string;
                public traceId: string;
                public occurredAt?: (ferry.common.v1.ITimestamp|null);
                public previousHash: string;
                public hash: string;
                public payload: Uint8Array;
                public static create(properties?: ferry.api.v1.IAuditEvent): ferry.api.v1.AuditEvent;
                public static encode(m: ferry.api.v1.IAuditEvent, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IAuditEvent, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.AuditEvent;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.AuditEvent;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.AuditEvent;
                public static toObject(m: ferry.api.v1.AuditEvent, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVm {
                ref?: (ferry.common.v1.IVmRef|null);
                guestOs?: (string|null);
                powerState?: (string|null);
                cpus?: (number|null);
                memoryMib?: (number|Long|null);
                disks?: (ferry.common.v1.IDiskRef[]|null);
                networks?: (string[]|null);
                folder?: (string|null);
                cbtEnabled?: (boolean|null);
            }

            class Vm implements IVm {
                constructor(p?: ferry.api.v1.IVm);
                public ref?: (ferry.common.v1.IVmRef|null);
                public guestOs: string;
                public powerState: string;
                public cpus: number;
                public memoryMib: (number|Long);
                public disks: ferry.common.v1.IDiskRef[];
                public networks: string[];
                public folder: string;
                public cbtEnabled: boolean;
                public static create(properties?: ferry.api.v1.IVm): ferry.api.v1.Vm;
                public static encode(m: ferry.api.v1.IVm, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IVm, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.Vm;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.Vm;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.Vm;
                public static toObject(m: ferry.api.v1.Vm, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListVmsRequest {
                vcenter?: (string|null);
                nameFilter?: (string|null);
                pageSize?: (number|null);
                pageToken?: (string|null);
            }

            class ListVmsRequest implements IListVmsRequest {
                constructor(p?: ferry.api.v1.IListVmsRequest);
                public vcenter: string;
                public nameFilter: string;
                public pageSize: number;
                public pageToken: string;
                public static create(properties?: ferry.api.v1.IListVmsRequest): ferry.api.v1.ListVmsRequest;
                public static encode(m: ferry.api.v1.IListVmsRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListVmsRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListVmsRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListVmsRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListVmsRequest;
                public static toObject(m: ferry.api.v1.ListVmsRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListVmsResponse {
                vms?: (ferry.api.v1.IVm[]|null);
                nextPageToken?: (string|null);
            }

            class ListVmsResponse implements IListVmsResponse {
                constructor(p?: ferry.api.v1.IListVmsResponse);
                public vms: ferry.api.v1.IVm[];
                public nextPageToken: string;
                public static create(properties?: ferry.api.v1.IListVmsResponse): ferry.api.v1.ListVmsResponse;
                public static encode(m: ferry.api.v1.IListVmsResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListVmsResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListVmsResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListVmsResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListVmsResponse;
                public static toObject(m: ferry.api.v1.ListVmsResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetVmRequest {
                vcenter?: (string|null);
                moref?: (string|null);
            }

            class GetVmRequest implements IGetVmRequest {
                constructor(p?: ferry.api.v1.IGetVmRequest);
                public vcenter: string;
                public moref: string;
                public static create(properties?: ferry.api.v1.IGetVmRequest): ferry.api.v1.GetVmRequest;
                public static encode(m: ferry.api.v1.IGetVmRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IGetVmRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.GetVmRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.GetVmRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.GetVmRequest;
                public static toObject(m: ferry.api.v1.GetVmRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAssessVmRequest {
                vcenter?: (string|null);
                moref?: (string|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
            }

            class AssessVmRequest implements IAssessVmRequest {
                constructor(p?: ferry.api.v1.IAssessVmRequest);
                public vcenter: string;
                public moref: string;
                public mode: ferry.migration.v1.MigrationMode;
                public static create(properties?: ferry.api.v1.IAssessVmRequest): ferry.api.v1.AssessVmRequest;
                public static encode(m: ferry.api.v1.IAssessVmRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IAssessVmRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.AssessVmRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.AssessVmRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.AssessVmRequest;
                public static toObject(m: ferry.api.v1.AssessVmRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum Severity {
                SEVERITY_UNSPECIFIED = 0,
                SEVERITY_INFO = 1,
                SEVERITY_WARNING = 2,
                SEVERITY_BLOCKER = 3
            }

            interface IFinding {
                rule?: (string|null);
                severity?: (ferry.api.v1.Severity|null);
                message?: (string|null);
                remedy?: (string|null);
            }

            class Finding implements IFinding {
                constructor(p?: ferry.api.v1.IFinding);
                public rule: string;
                public severity: ferry.api.v1.Severity;
                public message: string;
                public remedy: string;
                public static create(properties?: ferry.api.v1.IFinding): ferry.api.v1.Finding;
                public static encode(m: ferry.api.v1.IFinding, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IFinding, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.Finding;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.Finding;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.Finding;
                public static toObject(m: ferry.api.v1.Finding, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAssessment {
                vm?: (ferry.common.v1.IVmRef|null);
                ready?: (boolean|null);
                findings?: (ferry.api.v1.IFinding[]|null);
            }

            class Assessment implements IAssessment {
                constructor(p?: ferry.api.v1.IAssessment);
                public vm?: (ferry.common.v1.IVmRef|null);
                public ready: boolean;
                public findings: ferry.api.v1.IFinding[];
                public static create(properties?: ferry.api.v1.IAssessment): ferry.api.v1.Assessment;
                public static encode(m: ferry.api.v1.IAssessment, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IAssessment, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.Assessment;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.Assessment;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.Assessment;
                public static toObject(m: ferry.api.v1.Assessment, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICreatePlanRequest {
                name?: (string|null);
                vms?: (ferry.common.v1.IVmRef[]|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
                networkMap?: (ferry.migration.v1.INetworkMapping[]|null);
                storageMap?: (ferry.migration.v1.IStorageMapping[]|null);
                target?: (ferry.migration.v1.ITargetPlacement|null);
                concurrency?: (number|null);
                scheduledStart?: (ferry.common.v1.ITimestamp|null);
                requestId?: (string|null);
                maxDiskBytesPerSecond?: (number|Long|null);
                acceptUnqualified?: (boolean|null);
                precopyIntervalSeconds?: (number|Long|null);
                scheduledCutover?: (ferry.common.v1.ITimestamp|null);
            }

            class CreatePlanRequest implements ICreatePlanRequest {
                constructor(p?: ferry.api.v1.ICreatePlanRequest);
                public name: string;
                public vms: ferry.common.v1.IVmRef[];
                public mode: ferry.migration.v1.MigrationMode;
                public networkMap: ferry.migration.v1.INetworkMapping[];
                public storageMap: ferry.migration.v1.IStorageMapping[];
                public target?: (ferry.migration.v1.ITargetPlacement|null);
                public concurrency?: (number|null);
                public scheduledStart?: (ferry.common.v1.ITimestamp|null);
                public requestId: string;
                public maxDiskBytesPerSecond?: (number|Long|null);
                public acceptUnqualified: boolean;
                public precopyIntervalSeconds?: (number|Long|null);
                public scheduledCutover?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.api.v1.ICreatePlanRequest): ferry.api.v1.CreatePlanRequest;
                public static encode(m: ferry.api.v1.ICreatePlanRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICreatePlanRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CreatePlanRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CreatePlanRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CreatePlanRequest;
                public static toObject(m: ferry.api.v1.CreatePlanRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum PlanStatus {
                PLAN_STATUS_UNSPECIFIED = 0,
                PLAN_STATUS_DRAFT = 1,
                PLAN_STATUS_SCHEDULED = 2,
                PLAN_STATUS_RUNNING = 3,
                PLAN_STATUS_SUCCEEDED = 4,
                PLAN_STATUS_FAILED = 5,
                PLAN_STATUS_CANCELLED = 6
            }

            interface IPlan {
                id?: (string|null);
                name?: (string|null);
                status?: (ferry.api.v1.PlanStatus|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
                vms?: (ferry.common.v1.IVmRef[]|null);
                networkMap?: (ferry.migration.v1.INetworkMapping[]|null);
                storageMap?: (ferry.migration.v1.IStorageMapping[]|null);
                target?: (ferry.migration.v1.ITargetPlacement|null);
                concurrency?: (number|null);
                scheduledStart?: (ferry.common.v1.ITimestamp|null);
                createdAt?: (ferry.common.v1.ITimestamp|null);
                migrationIds?: (string[]|null);
                maxDiskBytesPerSecond?: (number|Long|null);
                scheduledCutover?: (ferry.common.v1.ITimestamp|null);
            }

            class Plan implements IPlan {
                constructor(p?: ferry.api.v1.IPlan);
                public id: string;
                public name: string;
                public status: ferry.api.v1.PlanStatus;
                public mode: ferry.migration.v1.MigrationMode;
                public vms: ferry.common.v1.IVmRef[];
                public networkMap: ferry.migration.v1.INetworkMapping[];
                public storageMap: ferry.migration.v1.IStorageMapping[];
                public target?: (ferry.migration.v1.ITargetPlacement|null);
                public concurrency: number;
                public scheduledStart?: (ferry.common.v1.ITimestamp|null);
                public createdAt?: (ferry.common.v1.ITimestamp|null);
                public migrationIds: string[];
                public maxDiskBytesPerSecond: (number|Long);
                public scheduledCutover?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.api.v1.IPlan): ferry.api.v1.Plan;
                public static encode(m: ferry.api.v1.IPlan, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IPlan, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.Plan;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.Plan;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.Plan;
                public static toObject(m: ferry.api.v1.Plan, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStartPlanRequest {
                planId?: (string|null);
            }

            class StartPlanRequest implements IStartPlanRequest {
                constructor(p?: ferry.api.v1.IStartPlanRequest);
                public planId: string;
                public static create(properties?: ferry.api.v1.IStartPlanRequest): ferry.api.v1.StartPlanRequest;
                public static encode(m: ferry.api.v1.IStartPlanRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IStartPlanRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.StartPlanRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.StartPlanRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.StartPlanRequest;
                public static toObject(m: ferry.api.v1.StartPlanRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListPlansRequest {
                pageSize?: (number|null);
                pageToken?: (string|null);
            }

            class ListPlansRequest implements IListPlansRequest {
                constructor(p?: ferry.api.v1.IListPlansRequest);
                public pageSize: number;
                public pageToken: string;
                public static create(properties?: ferry.api.v1.IListPlansRequest): ferry.api.v1.ListPlansRequest;
                public static encode(m: ferry.api.v1.IListPlansRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListPlansRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListPlansRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListPlansRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListPlansRequest;
                public static toObject(m: ferry.api.v1.ListPlansRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListPlansResponse {
                plans?: (ferry.api.v1.IPlan[]|null);
                nextPageToken?: (string|null);
                totalSize?: (number|null);
            }

            class ListPlansResponse implements IListPlansResponse {
                constructor(p?: ferry.api.v1.IListPlansResponse);
                public plans: ferry.api.v1.IPlan[];
                public nextPageToken: string;
                public totalSize: number;
                public static create(properties?: ferry.api.v1.IListPlansResponse): ferry.api.v1.ListPlansResponse;
                public static encode(m: ferry.api.v1.IListPlansResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListPlansResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListPlansResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListPlansResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListPlansResponse;
                public static toObject(m: ferry.api.v1.ListPlansResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICancelPlanRequest {
                planId?: (string|null);
                reason?: (string|null);
            }

            class CancelPlanRequest implements ICancelPlanRequest {
                constructor(p?: ferry.api.v1.ICancelPlanRequest);
                public planId: string;
                public reason: string;
                public static create(properties?: ferry.api.v1.ICancelPlanRequest): ferry.api.v1.CancelPlanRequest;
                public static encode(m: ferry.api.v1.ICancelPlanRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICancelPlanRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CancelPlanRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CancelPlanRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CancelPlanRequest;
                public static toObject(m: ferry.api.v1.CancelPlanRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListMigrationsRequest {
                planId?: (string|null);
                phase?: (ferry.migration.v1.Phase|null);
                vmMoref?: (string|null);
                pageSize?: (number|null);
                pageToken?: (string|null);
            }

            class ListMigrationsRequest implements IListMigrationsRequest {
                constructor(p?: ferry.api.v1.IListMigrationsRequest);
                public planId: string;
                public phase: ferry.migration.v1.Phase;
                public vmMoref: string;
                public pageSize: number;
                public pageToken: string;
                public static create(properties?: ferry.api.v1.IListMigrationsRequest): ferry.api.v1.ListMigrationsRequest;
                public static encode(m: ferry.api.v1.IListMigrationsRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListMigrationsRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListMigrationsRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListMigrationsRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListMigrationsRequest;
                public static toObject(m: ferry.api.v1.ListMigrationsRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListMigrationsResponse {
                migrations?: (ferry.api.v1.IMigration[]|null);
                nextPageToken?: (string|null);
                totalSize?: (number|null);
            }

            class ListMigrationsResponse implements IListMigrationsResponse {
                constructor(p?: ferry.api.v1.IListMigrationsResponse);
                public migrations: ferry.api.v1.IMigration[];
                public nextPageToken: string;
                public totalSize: number;
                public static create(properties?: ferry.api.v1.IListMigrationsResponse): ferry.api.v1.ListMigrationsResponse;
                public static encode(m: ferry.api.v1.IListMigrationsResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListMigrationsResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListMigrationsResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListMigrationsResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListMigrationsResponse;
                public static toObject(m: ferry.api.v1.ListMigrationsResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetPlanRequest {
                planId?: (string|null);
            }

            class GetPlanRequest implements IGetPlanRequest {
                constructor(p?: ferry.api.v1.IGetPlanRequest);
                public planId: string;
                public static create(properties?: ferry.api.v1.IGetPlanRequest): ferry.api.v1.GetPlanRequest;
                public static encode(m: ferry.api.v1.IGetPlanRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IGetPlanRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.GetPlanRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.GetPlanRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.GetPlanRequest;
                public static toObject(m: ferry.api.v1.GetPlanRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISetPlanDiskRateRequest {
                planId?: (string|null);
                maxDiskBytesPerSecond?: (number|Long|null);
            }

            class SetPlanDiskRateRequest implements ISetPlanDiskRateRequest {
                constructor(p?: ferry.api.v1.ISetPlanDiskRateRequest);
                public planId: string;
                public maxDiskBytesPerSecond: (number|Long);
                public static create(properties?: ferry.api.v1.ISetPlanDiskRateRequest): ferry.api.v1.SetPlanDiskRateRequest;
                public static encode(m: ferry.api.v1.ISetPlanDiskRateRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ISetPlanDiskRateRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.SetPlanDiskRateRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.SetPlanDiskRateRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.SetPlanDiskRateRequest;
                public static toObject(m: ferry.api.v1.SetPlanDiskRateRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetMigrationRequest {
                migrationId?: (string|null);
            }

            class GetMigrationRequest implements IGetMigrationRequest {
                constructor(p?: ferry.api.v1.IGetMigrationRequest);
                public migrationId: string;
                public static create(properties?: ferry.api.v1.IGetMigrationRequest): ferry.api.v1.GetMigrationRequest;
                public static encode(m: ferry.api.v1.IGetMigrationRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IGetMigrationRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.GetMigrationRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.GetMigrationRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.GetMigrationRequest;
                public static toObject(m: ferry.api.v1.GetMigrationRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWatchMigrationRequest {
                migrationId?: (string|null);
            }

            class WatchMigrationRequest implements IWatchMigrationRequest {
                constructor(p?: ferry.api.v1.IWatchMigrationRequest);
                public migrationId: string;
                public static create(properties?: ferry.api.v1.IWatchMigrationRequest): ferry.api.v1.WatchMigrationRequest;
                public static encode(m: ferry.api.v1.IWatchMigrationRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IWatchMigrationRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.WatchMigrationRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.WatchMigrationRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.WatchMigrationRequest;
                public static toObject(m: ferry.api.v1.WatchMigrationRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWatchPlanRequest {
                planId?: (string|null);
            }

            class WatchPlanRequest implements IWatchPlanRequest {
                constructor(p?: ferry.api.v1.IWatchPlanRequest);
                public planId: string;
                public static create(properties?: ferry.api.v1.IWatchPlanRequest): ferry.api.v1.WatchPlanRequest;
                public static encode(m: ferry.api.v1.IWatchPlanRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IWatchPlanRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.WatchPlanRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.WatchPlanRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.WatchPlanRequest;
                public static toObject(m: ferry.api.v1.WatchPlanRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanUpdate {
                migrationId?: (string|null);
                update?: (ferry.api.v1.IMigrationUpdate|null);
            }

            class PlanUpdate implements IPlanUpdate {
                constructor(p?: ferry.api.v1.IPlanUpdate);
                public migrationId: string;
                public update?: (ferry.api.v1.IMigrationUpdate|null);
                public static create(properties?: ferry.api.v1.IPlanUpdate): ferry.api.v1.PlanUpdate;
                public static encode(m: ferry.api.v1.IPlanUpdate, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IPlanUpdate, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.PlanUpdate;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.PlanUpdate;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.PlanUpdate;
                public static toObject(m: ferry.api.v1.PlanUpdate, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICancelMigrationRequest {
                migrationId?: (string|null);
                reason?: (string|null);
            }

            class CancelMigrationRequest implements ICancelMigrationRequest {
                constructor(p?: ferry.api.v1.ICancelMigrationRequest);
                public migrationId: string;
                public reason: string;
                public static create(properties?: ferry.api.v1.ICancelMigrationRequest): ferry.api.v1.CancelMigrationRequest;
                public static encode(m: ferry.api.v1.ICancelMigrationRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICancelMigrationRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CancelMigrationRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CancelMigrationRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CancelMigrationRequest;
                public static toObject(m: ferry.api.v1.CancelMigrationRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRetryMigrationRequest {
                migrationId?: (string|null);
            }

            class RetryMigrationRequest implements IRetryMigrationRequest {
                constructor(p?: ferry.api.v1.IRetryMigrationRequest);
                public migrationId: string;
                public static create(properties?: ferry.api.v1.IRetryMigrationRequest): ferry.api.v1.RetryMigrationRequest;
                public static encode(m: ferry.api.v1.IRetryMigrationRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IRetryMigrationRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.RetryMigrationRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.RetryMigrationRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.RetryMigrationRequest;
                public static toObject(m: ferry.api.v1.RetryMigrationRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrateBackRequest {
                migrationId?: (string|null);
                reason?: (string|null);
                undoPrep?: (boolean|null);
            }

            class MigrateBackRequest implements IMigrateBackRequest {
                constructor(p?: ferry.api.v1.IMigrateBackRequest);
                public migrationId: string;
                public reason: string;
                public undoPrep: boolean;
                public static create(properties?: ferry.api.v1.IMigrateBackRequest): ferry.api.v1.MigrateBackRequest;
                public static encode(m: ferry.api.v1.IMigrateBackRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IMigrateBackRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.MigrateBackRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.MigrateBackRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.MigrateBackRequest;
                public static toObject(m: ferry.api.v1.MigrateBackRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPurgeCloudRequest {
                migrationId?: (string|null);
                reason?: (string|null);
            }

            class PurgeCloudRequest implements IPurgeCloudRequest {
                constructor(p?: ferry.api.v1.IPurgeCloudRequest);
                public migrationId: string;
                public reason: string;
                public static create(properties?: ferry.api.v1.IPurgeCloudRequest): ferry.api.v1.PurgeCloudRequest;
                public static encode(m: ferry.api.v1.IPurgeCloudRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IPurgeCloudRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.PurgeCloudRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.PurgeCloudRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.PurgeCloudRequest;
                public static toObject(m: ferry.api.v1.PurgeCloudRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigration {
                id?: (string|null);
                planId?: (string|null);
                sourceVm?: (ferry.common.v1.IVmRef|null);
                targetVm?: (ferry.common.v1.IVmRef|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
                phase?: (ferry.migration.v1.Phase|null);
                disks?: (ferry.migration.v1.IDiskProgress[]|null);
                failureReason?: (string|null);
                retryable?: (boolean|null);
                startedAt?: (ferry.common.v1.ITimestamp|null);
                updatedAt?: (ferry.common.v1.ITimestamp|null);
                version?: (number|Long|null);
                warm?: (ferry.api.v1.IWarmStatus|null);
                back?: (ferry.api.v1.IBackStatus|null);
                precopy?: (ferry.api.v1.IPrecopyStatus|null);
                downtime?: (ferry.api.v1.IMigrationDowntime|null);
            }

            class Migration implements IMigration {
                constructor(p?: ferry.api.v1.IMigration);
                public id: string;
                public planId: string;
                public sourceVm?: (ferry.common.v1.IVmRef|null);
                public targetVm?: (ferry.common.v1.IVmRef|null);
                public mode: ferry.migration.v1.MigrationMode;
                public phase: ferry.migration.v1.Phase;
                public disks: ferry.migration.v1.IDiskProgress[];
                public failureReason: string;
                public retryable: boolean;
                public startedAt?: (ferry.common.v1.ITimestamp|null);
                public updatedAt?: (ferry.common.v1.ITimestamp|null);
                public version: (number|Long);
                public warm?: (ferry.api.v1.IWarmStatus|null);
                public back?: (ferry.api.v1.IBackStatus|null);
                public precopy?: (ferry.api.v1.IPrecopyStatus|null);
                public downtime?: (ferry.api.v1.IMigrationDowntime|null);
                public static create(properties?: ferry.api.v1.IMigration): ferry.api.v1.Migration;
                public static encode(m: ferry.api.v1.IMigration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IMigration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.Migration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.Migration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.Migration;
                public static toObject(m: ferry.api.v1.Migration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICutoverRequest {
                migrationId?: (string|null);
                reason?: (string|null);
            }

            class CutoverRequest implements ICutoverRequest {
                constructor(p?: ferry.api.v1.ICutoverRequest);
                public migrationId: string;
                public reason: string;
                public static create(properties?: ferry.api.v1.ICutoverRequest): ferry.api.v1.CutoverRequest;
                public static encode(m: ferry.api.v1.ICutoverRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICutoverRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CutoverRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CutoverRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CutoverRequest;
                public static toObject(m: ferry.api.v1.CutoverRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPrecopyStatus {
                intervalSeconds?: (number|Long|null);
                generation?: (number|null);
                syncing?: (boolean|null);
                lastDeltaBytes?: (number|Long|null);
                lastDeltaChunks?: (number|Long|null);
                lastDeltaDurationMs?: (number|Long|null);
                dirtyBytesPerMinute?: (number|null);
                nextSyncAt?: (ferry.common.v1.ITimestamp|null);
                cutoverRequestedAt?: (ferry.common.v1.ITimestamp|null);
                finalSynced?: (boolean|null);
            }

            class PrecopyStatus implements IPrecopyStatus {
                constructor(p?: ferry.api.v1.IPrecopyStatus);
                public intervalSeconds: (number|Long);
                public generation: number;
                public syncing: boolean;
                public lastDeltaBytes: (number|Long);
                public lastDeltaChunks: (number|Long);
                public lastDeltaDurationMs: (number|Long);
                public dirtyBytesPerMinute: number;
                public nextSyncAt?: (ferry.common.v1.ITimestamp|null);
                public cutoverRequestedAt?: (ferry.common.v1.ITimestamp|null);
                public finalSynced: boolean;
                public static create(properties?: ferry.api.v1.IPrecopyStatus): ferry.api.v1.PrecopyStatus;
                public static encode(m: ferry.api.v1.IPrecopyStatus, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IPrecopyStatus, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.PrecopyStatus;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.PrecopyStatus;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.PrecopyStatus;
                public static toObject(m: ferry.api.v1.PrecopyStatus, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IBackStatus {
                requestedAt?: (ferry.common.v1.ITimestamp|null);
                reason?: (string|null);
                chunksTotal?: (number|Long|null);
                chunksCompared?: (number|Long|null);
                chunksShipped?: (number|Long|null);
                diskDigests?: (string[]|null);
                downtimeMillis?: (number|Long|null);
                migratedBackAt?: (ferry.common.v1.ITimestamp|null);
                undoPrep?: (boolean|null);
                restoreSteps?: (string[]|null);
                rateBytesPerSecond?: (number|null);
                etaSeconds?: (number|Long|null);
                cloudPurgeRequestedAt?: (ferry.common.v1.ITimestamp|null);
                cloudPurgedAt?: (ferry.common.v1.ITimestamp|null);
                purgeSteps?: (string[]|null);
            }

            class BackStatus implements IBackStatus {
                constructor(p?: ferry.api.v1.IBackStatus);
                public requestedAt?: (ferry.common.v1.ITimestamp|null);
                public reason: string;
                public chunksTotal: (number|Long);
                public chunksCompared: (number|Long);
                public chunksShipped: (number|Long);
                public diskDigests: string[];
                public downtimeMillis: (number|Long);
                public migratedBackAt?: (ferry.common.v1.ITimestamp|null);
                public undoPrep: boolean;
                public restoreSteps: string[];
                public rateBytesPerSecond: number;
                public etaSeconds: (number|Long);
                public cloudPurgeRequestedAt?: (ferry.common.v1.ITimestamp|null);
                public cloudPurgedAt?: (ferry.common.v1.ITimestamp|null);
                public purgeSteps: string[];
                public static create(properties?: ferry.api.v1.IBackStatus): ferry.api.v1.BackStatus;
                public static encode(m: ferry.api.v1.IBackStatus, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IBackStatus, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.BackStatus;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.BackStatus;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.BackStatus;
                public static toObject(m: ferry.api.v1.BackStatus, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWarmStatus {
                cacheIqn?: (string|null);
                cachePortal?: (string|null);
                bootedOverCacheAt?: (ferry.common.v1.ITimestamp|null);
                downtimeMillis?: (number|Long|null);
                bytesHydrated?: (number|Long|null);
                storageDisks?: (string[]|null);
                switchoverMillis?: (number|Long|null);
                chunksWrittenInCloud?: (number|Long|null);
                bytesFetchedOnDemand?: (number|Long|null);
            }

            class WarmStatus implements IWarmStatus {
                constructor(p?: ferry.api.v1.IWarmStatus);
                public cacheIqn: string;
                public cachePortal: string;
                public bootedOverCacheAt?: (ferry.common.v1.ITimestamp|null);
                public downtimeMillis: (number|Long);
                public bytesHydrated: (number|Long);
                public storageDisks: string[];
                public switchoverMillis: (number|Long);
                public chunksWrittenInCloud: (number|Long);
                public bytesFetchedOnDemand: (number|Long);
                public static create(properties?: ferry.api.v1.IWarmStatus): ferry.api.v1.WarmStatus;
                public static encode(m: ferry.api.v1.IWarmStatus, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IWarmStatus, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.WarmStatus;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.WarmStatus;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.WarmStatus;
                public static toObject(m: ferry.api.v1.WarmStatus, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationUpdate {
                snapshot?: (ferry.api.v1.IMigration|null);
                progress?: (ferry.migration.v1.IDiskProgress|null);
                at?: (ferry.common.v1.ITimestamp|null);
            }

            class MigrationUpdate implements IMigrationUpdate {
                constructor(p?: ferry.api.v1.IMigrationUpdate);
                public snapshot?: (ferry.api.v1.IMigration|null);
                public progress?: (ferry.migration.v1.IDiskProgress|null);
                public at?: (ferry.common.v1.ITimestamp|null);
                public update?: ("snapshot"|"progress");
                public static create(properties?: ferry.api.v1.IMigrationUpdate): ferry.api.v1.MigrationUpdate;
                public static encode(m: ferry.api.v1.IMigrationUpdate, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IMigrationUpdate, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.MigrationUpdate;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.MigrationUpdate;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.MigrationUpdate;
                public static toObject(m: ferry.api.v1.MigrationUpdate, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListMigrationEventsRequest {
                migrationId?: (string|null);
                afterSequence?: (number|Long|null);
                limit?: (number|null);
            }

            class ListMigrationEventsRequest implements IListMigrationEventsRequest {
                constructor(p?: ferry.api.v1.IListMigrationEventsRequest);
                public migrationId: string;
                public afterSequence: (number|Long);
                public limit: number;
                public static create(properties?: ferry.api.v1.IListMigrationEventsRequest): ferry.api.v1.ListMigrationEventsRequest;
                public static encode(m: ferry.api.v1.IListMigrationEventsRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListMigrationEventsRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListMigrationEventsRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListMigrationEventsRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListMigrationEventsRequest;
                public static toObject(m: ferry.api.v1.ListMigrationEventsRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListMigrationEventsResponse {
                events?: (ferry.migration.v1.IMigrationEvent[]|null);
            }

            class ListMigrationEventsResponse implements IListMigrationEventsResponse {
                constructor(p?: ferry.api.v1.IListMigrationEventsResponse);
                public events: ferry.migration.v1.IMigrationEvent[];
                public static create(properties?: ferry.api.v1.IListMigrationEventsResponse): ferry.api.v1.ListMigrationEventsResponse;
                public static encode(m: ferry.api.v1.IListMigrationEventsResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListMigrationEventsResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListMigrationEventsResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListMigrationEventsResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListMigrationEventsResponse;
                public static toObject(m: ferry.api.v1.ListMigrationEventsResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListCacheVolumesRequest {
                volumeFilter?: (string|null);
                pageSize?: (number|null);
                pageToken?: (string|null);
            }

            class ListCacheVolumesRequest implements IListCacheVolumesRequest {
                constructor(p?: ferry.api.v1.IListCacheVolumesRequest);
                public volumeFilter: string;
                public pageSize: number;
                public pageToken: string;
                public static create(properties?: ferry.api.v1.IListCacheVolumesRequest): ferry.api.v1.ListCacheVolumesRequest;
                public static encode(m: ferry.api.v1.IListCacheVolumesRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListCacheVolumesRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListCacheVolumesRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListCacheVolumesRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListCacheVolumesRequest;
                public static toObject(m: ferry.api.v1.ListCacheVolumesRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICacheVolume {
                summary?: (ferry.cache.v1.IVolumeIoSummary|null);
                receivedAt?: (ferry.common.v1.ITimestamp|null);
                reportedBy?: (string|null);
            }

            class CacheVolume implements ICacheVolume {
                constructor(p?: ferry.api.v1.ICacheVolume);
                public summary?: (ferry.cache.v1.IVolumeIoSummary|null);
                public receivedAt?: (ferry.common.v1.ITimestamp|null);
                public reportedBy: string;
                public static create(properties?: ferry.api.v1.ICacheVolume): ferry.api.v1.CacheVolume;
                public static encode(m: ferry.api.v1.ICacheVolume, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.ICacheVolume, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.CacheVolume;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.CacheVolume;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.CacheVolume;
                public static toObject(m: ferry.api.v1.CacheVolume, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListCacheVolumesResponse {
                volumes?: (ferry.api.v1.ICacheVolume[]|null);
                nextPageToken?: (string|null);
                totalSize?: (number|null);
            }

            class ListCacheVolumesResponse implements IListCacheVolumesResponse {
                constructor(p?: ferry.api.v1.IListCacheVolumesResponse);
                public volumes: ferry.api.v1.ICacheVolume[];
                public nextPageToken: string;
                public totalSize: number;
                public static create(properties?: ferry.api.v1.IListCacheVolumesResponse): ferry.api.v1.ListCacheVolumesResponse;
                public static encode(m: ferry.api.v1.IListCacheVolumesResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.api.v1.IListCacheVolumesResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.api.v1.ListCacheVolumesResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.api.v1.ListCacheVolumesResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.api.v1.ListCacheVolumesResponse;
                public static toObject(m: ferry.api.v1.ListCacheVolumesResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace common {

        namespace v1 {

            interface ITimestamp {
                unixMillis?: (number|Long|null);
            }

            class Timestamp implements ITimestamp {
                constructor(p?: ferry.common.v1.ITimestamp);
                public unixMillis: (number|Long);
                public static create(properties?: ferry.common.v1.ITimestamp): ferry.common.v1.Timestamp;
                public static encode(m: ferry.common.v1.ITimestamp, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.ITimestamp, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.Timestamp;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.Timestamp;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.Timestamp;
                public static toObject(m: ferry.common.v1.Timestamp, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITraceContext {
                traceparent?: (string|null);
                tracestate?: (string|null);
            }

            class TraceContext implements ITraceContext {
                constructor(p?: ferry.common.v1.ITraceContext);
                public traceparent: string;
                public tracestate: string;
                public static create(properties?: ferry.common.v1.ITraceContext): ferry.common.v1.TraceContext;
                public static encode(m: ferry.common.v1.ITraceContext, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.ITraceContext, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.TraceContext;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.TraceContext;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.TraceContext;
                public static toObject(m: ferry.common.v1.TraceContext, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IActor {
                kind?: (string|null);
                id?: (string|null);
            }

            class Actor implements IActor {
                constructor(p?: ferry.common.v1.IActor);
                public kind: string;
                public id: string;
                public static create(properties?: ferry.common.v1.IActor): ferry.common.v1.Actor;
                public static encode(m: ferry.common.v1.IActor, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IActor, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.Actor;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.Actor;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.Actor;
                public static toObject(m: ferry.common.v1.Actor, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IEnvelope {
                typeName?: (string|null);
                payload?: (Uint8Array|null);
                trace?: (ferry.common.v1.ITraceContext|null);
                id?: (string|null);
                error?: (ferry.common.v1.IErrorInfo|null);
                disposed?: (boolean|null);
            }

            class Envelope implements IEnvelope {
                constructor(p?: ferry.common.v1.IEnvelope);
                public typeName: string;
                public payload: Uint8Array;
                public trace?: (ferry.common.v1.ITraceContext|null);
                public id: string;
                public error?: (ferry.common.v1.IErrorInfo|null);
                public disposed: boolean;
                public static create(properties?: ferry.common.v1.IEnvelope): ferry.common.v1.Envelope;
                public static encode(m: ferry.common.v1.IEnvelope, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IEnvelope, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.Envelope;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.Envelope;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.Envelope;
                public static toObject(m: ferry.common.v1.Envelope, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IErrorInfo {
                name?: (string|null);
                message?: (string|null);
            }

            class ErrorInfo implements IErrorInfo {
                constructor(p?: ferry.common.v1.IErrorInfo);
                public name: string;
                public message: string;
                public static create(properties?: ferry.common.v1.IErrorInfo): ferry.common.v1.ErrorInfo;
                public static encode(m: ferry.common.v1.IErrorInfo, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IErrorInfo, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.ErrorInfo;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.ErrorInfo;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.ErrorInfo;
                public static toObject(m: ferry.common.v1.ErrorInfo, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPing {
                from?: (string|null);
                sentAt?: (ferry.common.v1.ITimestamp|null);
            }

            class Ping implements IPing {
                constructor(p?: ferry.common.v1.IPing);
                public from: string;
                public sentAt?: (ferry.common.v1.ITimestamp|null);
                public static create(properties?: ferry.common.v1.IPing): ferry.common.v1.Ping;
                public static encode(m: ferry.common.v1.IPing, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IPing, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.Ping;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.Ping;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.Ping;
                public static toObject(m: ferry.common.v1.Ping, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPong {
                service?: (string|null);
                version?: (string|null);
                receivedAt?: (ferry.common.v1.ITimestamp|null);
                traceId?: (string|null);
                instanceId?: (string|null);
            }

            class Pong implements IPong {
                constructor(p?: ferry.common.v1.IPong);
                public service: string;
                public version: string;
                public receivedAt?: (ferry.common.v1.ITimestamp|null);
                public traceId: string;
                public instanceId: string;
                public static create(properties?: ferry.common.v1.IPong): ferry.common.v1.Pong;
                public static encode(m: ferry.common.v1.IPong, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IPong, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.Pong;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.Pong;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.Pong;
                public static toObject(m: ferry.common.v1.Pong, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVmRef {
                vcenter?: (string|null);
                moref?: (string|null);
                name?: (string|null);
            }

            class VmRef implements IVmRef {
                constructor(p?: ferry.common.v1.IVmRef);
                public vcenter: string;
                public moref: string;
                public name: string;
                public static create(properties?: ferry.common.v1.IVmRef): ferry.common.v1.VmRef;
                public static encode(m: ferry.common.v1.IVmRef, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IVmRef, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.VmRef;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.VmRef;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.VmRef;
                public static toObject(m: ferry.common.v1.VmRef, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskRef {
                key?: (string|null);
                datastorePath?: (string|null);
                capacityBytes?: (number|Long|null);
            }

            class DiskRef implements IDiskRef {
                constructor(p?: ferry.common.v1.IDiskRef);
                public key: string;
                public datastorePath: string;
                public capacityBytes: (number|Long);
                public static create(properties?: ferry.common.v1.IDiskRef): ferry.common.v1.DiskRef;
                public static encode(m: ferry.common.v1.IDiskRef, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.common.v1.IDiskRef, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.common.v1.DiskRef;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.common.v1.DiskRef;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.common.v1.DiskRef;
                public static toObject(m: ferry.common.v1.DiskRef, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace migration {

        namespace v1 {

            interface ICutoverScheduled {
                meta?: (ferry.migration.v1.IEventMeta|null);
                atMillis?: (number|Long|null);
            }

            class CutoverScheduled implements ICutoverScheduled {
                constructor(p?: ferry.migration.v1.ICutoverScheduled);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public atMillis: (number|Long);
                public static create(properties?: ferry.migration.v1.ICutoverScheduled): ferry.migration.v1.CutoverScheduled;
                public static encode(m: ferry.migration.v1.ICutoverScheduled, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICutoverScheduled, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CutoverScheduled;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CutoverScheduled;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CutoverScheduled;
                public static toObject(m: ferry.migration.v1.CutoverScheduled, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPredictedStep {
                step?: (string|null);
                millis?: (number|Long|null);
                basis?: (string|null);
                samples?: (number|null);
            }

            class PredictedStep implements IPredictedStep {
                constructor(p?: ferry.migration.v1.IPredictedStep);
                public step: string;
                public millis: (number|Long);
                public basis: string;
                public samples: number;
                public static create(properties?: ferry.migration.v1.IPredictedStep): ferry.migration.v1.PredictedStep;
                public static encode(m: ferry.migration.v1.IPredictedStep, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPredictedStep, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PredictedStep;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PredictedStep;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PredictedStep;
                public static toObject(m: ferry.migration.v1.PredictedStep, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDowntimePrediction {
                downtimeMillis?: (number|Long|null);
                finalDeltaBytes?: (number|Long|null);
                dirtyBytesPerMinute?: (number|null);
                deltaBytesPerSecond?: (number|null);
                syncOverheadMillis?: (number|Long|null);
                steps?: (ferry.migration.v1.IPredictedStep[]|null);
                lastSnapshotAtMillis?: (number|Long|null);
                predictedAtMillis?: (number|Long|null);
            }

            class DowntimePrediction implements IDowntimePrediction {
                constructor(p?: ferry.migration.v1.IDowntimePrediction);
                public downtimeMillis: (number|Long);
                public finalDeltaBytes: (number|Long);
                public dirtyBytesPerMinute: number;
                public deltaBytesPerSecond: number;
                public syncOverheadMillis: (number|Long);
                public steps: ferry.migration.v1.IPredictedStep[];
                public lastSnapshotAtMillis: (number|Long);
                public predictedAtMillis: (number|Long);
                public static create(properties?: ferry.migration.v1.IDowntimePrediction): ferry.migration.v1.DowntimePrediction;
                public static encode(m: ferry.migration.v1.IDowntimePrediction, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDowntimePrediction, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DowntimePrediction;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DowntimePrediction;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DowntimePrediction;
                public static toObject(m: ferry.migration.v1.DowntimePrediction, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDowntimePredicted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                prediction?: (ferry.migration.v1.IDowntimePrediction|null);
            }

            class DowntimePredicted implements IDowntimePredicted {
                constructor(p?: ferry.migration.v1.IDowntimePredicted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public prediction?: (ferry.migration.v1.IDowntimePrediction|null);
                public static create(properties?: ferry.migration.v1.IDowntimePredicted): ferry.migration.v1.DowntimePredicted;
                public static encode(m: ferry.migration.v1.IDowntimePredicted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDowntimePredicted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DowntimePredicted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DowntimePredicted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DowntimePredicted;
                public static toObject(m: ferry.migration.v1.DowntimePredicted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationPlanned {
                meta?: (ferry.migration.v1.IEventMeta|null);
                planId?: (string|null);
                sourceVm?: (ferry.common.v1.IVmRef|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
                networkMap?: (ferry.migration.v1.INetworkMapping[]|null);
                storageMap?: (ferry.migration.v1.IStorageMapping[]|null);
                target?: (ferry.migration.v1.ITargetPlacement|null);
                disks?: (ferry.common.v1.IDiskRef[]|null);
                maxDiskBytesPerSecond?: (number|Long|null);
                acceptUnqualified?: (boolean|null);
                precopyIntervalSeconds?: (number|Long|null);
            }

            class MigrationPlanned implements IMigrationPlanned {
                constructor(p?: ferry.migration.v1.IMigrationPlanned);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public planId: string;
                public sourceVm?: (ferry.common.v1.IVmRef|null);
                public mode: ferry.migration.v1.MigrationMode;
                public networkMap: ferry.migration.v1.INetworkMapping[];
                public storageMap: ferry.migration.v1.IStorageMapping[];
                public target?: (ferry.migration.v1.ITargetPlacement|null);
                public disks: ferry.common.v1.IDiskRef[];
                public maxDiskBytesPerSecond: (number|Long);
                public acceptUnqualified: boolean;
                public precopyIntervalSeconds: (number|Long);
                public static create(properties?: ferry.migration.v1.IMigrationPlanned): ferry.migration.v1.MigrationPlanned;
                public static encode(m: ferry.migration.v1.IMigrationPlanned, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationPlanned, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationPlanned;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationPlanned;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationPlanned;
                public static toObject(m: ferry.migration.v1.MigrationPlanned, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGuestPrepared {
                meta?: (ferry.migration.v1.IEventMeta|null);
                guestOs?: (string|null);
                steps?: (string[]|null);
                prepId?: (string|null);
                networkJson?: (string|null);
            }

            class GuestPrepared implements IGuestPrepared {
                constructor(p?: ferry.migration.v1.IGuestPrepared);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public guestOs: string;
                public steps: string[];
                public prepId: string;
                public networkJson: string;
                public static create(properties?: ferry.migration.v1.IGuestPrepared): ferry.migration.v1.GuestPrepared;
                public static encode(m: ferry.migration.v1.IGuestPrepared, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IGuestPrepared, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.GuestPrepared;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.GuestPrepared;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.GuestPrepared;
                public static toObject(m: ferry.migration.v1.GuestPrepared, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICacheVolumeCreated {
                meta?: (ferry.migration.v1.IEventMeta|null);
                iqn?: (string|null);
                portal?: (string|null);
                chapUser?: (string|null);
                luns?: (ferry.migration.v1.ICacheLun[]|null);
            }

            class CacheVolumeCreated implements ICacheVolumeCreated {
                constructor(p?: ferry.migration.v1.ICacheVolumeCreated);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public iqn: string;
                public portal: string;
                public chapUser: string;
                public luns: ferry.migration.v1.ICacheLun[];
                public static create(properties?: ferry.migration.v1.ICacheVolumeCreated): ferry.migration.v1.CacheVolumeCreated;
                public static encode(m: ferry.migration.v1.ICacheVolumeCreated, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICacheVolumeCreated, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CacheVolumeCreated;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CacheVolumeCreated;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CacheVolumeCreated;
                public static toObject(m: ferry.migration.v1.CacheVolumeCreated, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICacheLun {
                diskKey?: (string|null);
                lun?: (number|null);
                virtualSize?: (number|Long|null);
            }

            class CacheLun implements ICacheLun {
                constructor(p?: ferry.migration.v1.ICacheLun);
                public diskKey: string;
                public lun: number;
                public virtualSize: (number|Long);
                public static create(properties?: ferry.migration.v1.ICacheLun): ferry.migration.v1.CacheLun;
                public static encode(m: ferry.migration.v1.ICacheLun, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICacheLun, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CacheLun;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CacheLun;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CacheLun;
                public static toObject(m: ferry.migration.v1.CacheLun, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISourcePoweredOff {
                meta?: (ferry.migration.v1.IEventMeta|null);
                method?: (string|null);
                wasPoweredOn?: (boolean|null);
            }

            class SourcePoweredOff implements ISourcePoweredOff {
                constructor(p?: ferry.migration.v1.ISourcePoweredOff);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public method: string;
                public wasPoweredOn: boolean;
                public static create(properties?: ferry.migration.v1.ISourcePoweredOff): ferry.migration.v1.SourcePoweredOff;
                public static encode(m: ferry.migration.v1.ISourcePoweredOff, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ISourcePoweredOff, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.SourcePoweredOff;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.SourcePoweredOff;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.SourcePoweredOff;
                public static toObject(m: ferry.migration.v1.SourcePoweredOff, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskCopyStarted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                diskKey?: (string|null);
                capacityBytes?: (number|Long|null);
                changeId?: (string|null);
                resumeOffset?: (number|Long|null);
            }

            class DiskCopyStarted implements IDiskCopyStarted {
                constructor(p?: ferry.migration.v1.IDiskCopyStarted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public diskKey: string;
                public capacityBytes: (number|Long);
                public changeId: string;
                public resumeOffset: (number|Long);
                public static create(properties?: ferry.migration.v1.IDiskCopyStarted): ferry.migration.v1.DiskCopyStarted;
                public static encode(m: ferry.migration.v1.IDiskCopyStarted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskCopyStarted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskCopyStarted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskCopyStarted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskCopyStarted;
                public static toObject(m: ferry.migration.v1.DiskCopyStarted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskCopyCheckpointed {
                meta?: (ferry.migration.v1.IEventMeta|null);
                diskKey?: (string|null);
                offset?: (number|Long|null);
                bytesCopied?: (number|Long|null);
            }

            class DiskCopyCheckpointed implements IDiskCopyCheckpointed {
                constructor(p?: ferry.migration.v1.IDiskCopyCheckpointed);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public diskKey: string;
                public offset: (number|Long);
                public bytesCopied: (number|Long);
                public static create(properties?: ferry.migration.v1.IDiskCopyCheckpointed): ferry.migration.v1.DiskCopyCheckpointed;
                public static encode(m: ferry.migration.v1.IDiskCopyCheckpointed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskCopyCheckpointed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskCopyCheckpointed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskCopyCheckpointed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskCopyCheckpointed;
                public static toObject(m: ferry.migration.v1.DiskCopyCheckpointed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskCopyWaiting {
                meta?: (ferry.migration.v1.IEventMeta|null);
                diskKey?: (string|null);
                reason?: (string|null);
            }

            class DiskCopyWaiting implements IDiskCopyWaiting {
                constructor(p?: ferry.migration.v1.IDiskCopyWaiting);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public diskKey: string;
                public reason: string;
                public static create(properties?: ferry.migration.v1.IDiskCopyWaiting): ferry.migration.v1.DiskCopyWaiting;
                public static encode(m: ferry.migration.v1.IDiskCopyWaiting, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskCopyWaiting, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskCopyWaiting;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskCopyWaiting;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskCopyWaiting;
                public static toObject(m: ferry.migration.v1.DiskCopyWaiting, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskCopyCompleted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                diskKey?: (string|null);
                bytesCopied?: (number|Long|null);
                bytesSkippedZero?: (number|Long|null);
                sha256?: (string|null);
                bytesUnchanged?: (number|Long|null);
                wireBytes?: (number|Long|null);
                sourceBytes?: (number|Long|null);
                generation?: (number|null);
                mode?: (string|null);
            }

            class DiskCopyCompleted implements IDiskCopyCompleted {
                constructor(p?: ferry.migration.v1.IDiskCopyCompleted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public diskKey: string;
                public bytesCopied: (number|Long);
                public bytesSkippedZero: (number|Long);
                public sha256: string;
                public bytesUnchanged: (number|Long);
                public wireBytes: (number|Long);
                public sourceBytes: (number|Long);
                public generation: number;
                public mode: string;
                public static create(properties?: ferry.migration.v1.IDiskCopyCompleted): ferry.migration.v1.DiskCopyCompleted;
                public static encode(m: ferry.migration.v1.IDiskCopyCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskCopyCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskCopyCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskCopyCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskCopyCompleted;
                public static toObject(m: ferry.migration.v1.DiskCopyCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IBootedOverCache {
                meta?: (ferry.migration.v1.IEventMeta|null);
                iscsiTargetIqn?: (string|null);
                initiators?: (string[]|null);
            }

            class BootedOverCache implements IBootedOverCache {
                constructor(p?: ferry.migration.v1.IBootedOverCache);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public iscsiTargetIqn: string;
                public initiators: string[];
                public static create(properties?: ferry.migration.v1.IBootedOverCache): ferry.migration.v1.BootedOverCache;
                public static encode(m: ferry.migration.v1.IBootedOverCache, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IBootedOverCache, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.BootedOverCache;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.BootedOverCache;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.BootedOverCache;
                public static toObject(m: ferry.migration.v1.BootedOverCache, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IHydrationCompleted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                bytesHydrated?: (number|Long|null);
            }

            class HydrationCompleted implements IHydrationCompleted {
                constructor(p?: ferry.migration.v1.IHydrationCompleted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public bytesHydrated: (number|Long);
                public static create(properties?: ferry.migration.v1.IHydrationCompleted): ferry.migration.v1.HydrationCompleted;
                public static encode(m: ferry.migration.v1.IHydrationCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IHydrationCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.HydrationCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.HydrationCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.HydrationCompleted;
                public static toObject(m: ferry.migration.v1.HydrationCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMovedToStorage {
                meta?: (ferry.migration.v1.IEventMeta|null);
                disks?: (ferry.migration.v1.IMovedDisk[]|null);
                switchoverMillis?: (number|Long|null);
                networkSteps?: (string[]|null);
            }

            class MovedToStorage implements IMovedToStorage {
                constructor(p?: ferry.migration.v1.IMovedToStorage);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public disks: ferry.migration.v1.IMovedDisk[];
                public switchoverMillis: (number|Long);
                public networkSteps: string[];
                public static create(properties?: ferry.migration.v1.IMovedToStorage): ferry.migration.v1.MovedToStorage;
                public static encode(m: ferry.migration.v1.IMovedToStorage, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMovedToStorage, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MovedToStorage;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MovedToStorage;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MovedToStorage;
                public static toObject(m: ferry.migration.v1.MovedToStorage, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskMovedToStorage {
                meta?: (ferry.migration.v1.IEventMeta|null);
                disk?: (ferry.migration.v1.IMovedDisk|null);
                lun?: (number|null);
                shellVm?: (string|null);
                capacityBytes?: (number|Long|null);
            }

            class DiskMovedToStorage implements IDiskMovedToStorage {
                constructor(p?: ferry.migration.v1.IDiskMovedToStorage);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public disk?: (ferry.migration.v1.IMovedDisk|null);
                public lun: number;
                public shellVm: string;
                public capacityBytes: (number|Long);
                public static create(properties?: ferry.migration.v1.IDiskMovedToStorage): ferry.migration.v1.DiskMovedToStorage;
                public static encode(m: ferry.migration.v1.IDiskMovedToStorage, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskMovedToStorage, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskMovedToStorage;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskMovedToStorage;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskMovedToStorage;
                public static toObject(m: ferry.migration.v1.DiskMovedToStorage, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMovedDisk {
                diskKey?: (string|null);
                datastorePath?: (string|null);
                bytes?: (number|Long|null);
                chunksWrittenInCloud?: (number|Long|null);
                writtenInCloud?: (ferry.migration.v1.IChunkSpan[]|null);
                bytesFetchedOnDemand?: (number|Long|null);
            }

            class MovedDisk implements IMovedDisk {
                constructor(p?: ferry.migration.v1.IMovedDisk);
                public diskKey: string;
                public datastorePath: string;
                public bytes: (number|Long);
                public chunksWrittenInCloud: (number|Long);
                public writtenInCloud: ferry.migration.v1.IChunkSpan[];
                public bytesFetchedOnDemand: (number|Long);
                public static create(properties?: ferry.migration.v1.IMovedDisk): ferry.migration.v1.MovedDisk;
                public static encode(m: ferry.migration.v1.IMovedDisk, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMovedDisk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MovedDisk;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MovedDisk;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MovedDisk;
                public static toObject(m: ferry.migration.v1.MovedDisk, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChunkSpan {
                first?: (number|null);
                last?: (number|null);
            }

            class ChunkSpan implements IChunkSpan {
                constructor(p?: ferry.migration.v1.IChunkSpan);
                public first: number;
                public last: number;
                public static create(properties?: ferry.migration.v1.IChunkSpan): ferry.migration.v1.ChunkSpan;
                public static encode(m: ferry.migration.v1.IChunkSpan, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IChunkSpan, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.ChunkSpan;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.ChunkSpan;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.ChunkSpan;
                public static toObject(m: ferry.migration.v1.ChunkSpan, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICacheReleased {
                meta?: (ferry.migration.v1.IEventMeta|null);
                iqn?: (string|null);
                steps?: (string[]|null);
            }

            class CacheReleased implements ICacheReleased {
                constructor(p?: ferry.migration.v1.ICacheReleased);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public iqn: string;
                public steps: string[];
                public static create(properties?: ferry.migration.v1.ICacheReleased): ferry.migration.v1.CacheReleased;
                public static encode(m: ferry.migration.v1.ICacheReleased, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICacheReleased, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CacheReleased;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CacheReleased;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CacheReleased;
                public static toObject(m: ferry.migration.v1.CacheReleased, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITargetCreated {
                meta?: (ferry.migration.v1.IEventMeta|null);
                targetVm?: (ferry.common.v1.IVmRef|null);
                diskPaths?: (string[]|null);
            }

            class TargetCreated implements ITargetCreated {
                constructor(p?: ferry.migration.v1.ITargetCreated);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public targetVm?: (ferry.common.v1.IVmRef|null);
                public diskPaths: string[];
                public static create(properties?: ferry.migration.v1.ITargetCreated): ferry.migration.v1.TargetCreated;
                public static encode(m: ferry.migration.v1.ITargetCreated, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ITargetCreated, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.TargetCreated;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.TargetCreated;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.TargetCreated;
                public static toObject(m: ferry.migration.v1.TargetCreated, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixupCompleted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                steps?: (string[]|null);
            }

            class FixupCompleted implements IFixupCompleted {
                constructor(p?: ferry.migration.v1.IFixupCompleted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public steps: string[];
                public static create(properties?: ferry.migration.v1.IFixupCompleted): ferry.migration.v1.FixupCompleted;
                public static encode(m: ferry.migration.v1.IFixupCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IFixupCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.FixupCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.FixupCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.FixupCompleted;
                public static toObject(m: ferry.migration.v1.FixupCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITargetPoweredOn {
                meta?: (ferry.migration.v1.IEventMeta|null);
            }

            class TargetPoweredOn implements ITargetPoweredOn {
                constructor(p?: ferry.migration.v1.ITargetPoweredOn);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public static create(properties?: ferry.migration.v1.ITargetPoweredOn): ferry.migration.v1.TargetPoweredOn;
                public static encode(m: ferry.migration.v1.ITargetPoweredOn, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ITargetPoweredOn, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.TargetPoweredOn;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.TargetPoweredOn;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.TargetPoweredOn;
                public static toObject(m: ferry.migration.v1.TargetPoweredOn, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationCompleted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                durationMillis?: (number|Long|null);
                downtimeMillis?: (number|Long|null);
            }

            class MigrationCompleted implements IMigrationCompleted {
                constructor(p?: ferry.migration.v1.IMigrationCompleted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public durationMillis: (number|Long);
                public downtimeMillis: (number|Long);
                public static create(properties?: ferry.migration.v1.IMigrationCompleted): ferry.migration.v1.MigrationCompleted;
                public static encode(m: ferry.migration.v1.IMigrationCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationCompleted;
                public static toObject(m: ferry.migration.v1.MigrationCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationFailed {
                meta?: (ferry.migration.v1.IEventMeta|null);
                phase?: (ferry.migration.v1.Phase|null);
                reason?: (string|null);
                retryable?: (boolean|null);
                step?: (ferry.migration.v1.Step|null);
            }

            class MigrationFailed implements IMigrationFailed {
                constructor(p?: ferry.migration.v1.IMigrationFailed);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public phase: ferry.migration.v1.Phase;
                public reason: string;
                public retryable: boolean;
                public step: ferry.migration.v1.Step;
                public static create(properties?: ferry.migration.v1.IMigrationFailed): ferry.migration.v1.MigrationFailed;
                public static encode(m: ferry.migration.v1.IMigrationFailed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationFailed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationFailed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationFailed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationFailed;
                public static toObject(m: ferry.migration.v1.MigrationFailed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationCancelled {
                meta?: (ferry.migration.v1.IEventMeta|null);
                reason?: (string|null);
                powerOnSource?: (boolean|null);
                removeTarget?: (boolean|null);
                targetVm?: (ferry.common.v1.IVmRef|null);
                step?: (ferry.migration.v1.Step|null);
                removeCacheVolume?: (boolean|null);
            }

            class MigrationCancelled implements IMigrationCancelled {
                constructor(p?: ferry.migration.v1.IMigrationCancelled);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public reason: string;
                public powerOnSource: boolean;
                public removeTarget: boolean;
                public targetVm?: (ferry.common.v1.IVmRef|null);
                public step: ferry.migration.v1.Step;
                public removeCacheVolume: boolean;
                public static create(properties?: ferry.migration.v1.IMigrationCancelled): ferry.migration.v1.MigrationCancelled;
                public static encode(m: ferry.migration.v1.IMigrationCancelled, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationCancelled, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationCancelled;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationCancelled;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationCancelled;
                public static toObject(m: ferry.migration.v1.MigrationCancelled, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationValidated {
                meta?: (ferry.migration.v1.IEventMeta|null);
                warnings?: (string[]|null);
                hardware?: (ferry.migration.v1.ISourceHardware|null);
                sourcePowerState?: (string|null);
            }

            class MigrationValidated implements IMigrationValidated {
                constructor(p?: ferry.migration.v1.IMigrationValidated);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public warnings: string[];
                public hardware?: (ferry.migration.v1.ISourceHardware|null);
                public sourcePowerState: string;
                public static create(properties?: ferry.migration.v1.IMigrationValidated): ferry.migration.v1.MigrationValidated;
                public static encode(m: ferry.migration.v1.IMigrationValidated, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationValidated, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationValidated;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationValidated;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationValidated;
                public static toObject(m: ferry.migration.v1.MigrationValidated, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationRetried {
                meta?: (ferry.migration.v1.IEventMeta|null);
                step?: (ferry.migration.v1.Step|null);
                attempt?: (number|null);
            }

            class MigrationRetried implements IMigrationRetried {
                constructor(p?: ferry.migration.v1.IMigrationRetried);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public step: ferry.migration.v1.Step;
                public attempt: number;
                public static create(properties?: ferry.migration.v1.IMigrationRetried): ferry.migration.v1.MigrationRetried;
                public static encode(m: ferry.migration.v1.IMigrationRetried, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationRetried, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationRetried;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationRetried;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationRetried;
                public static toObject(m: ferry.migration.v1.MigrationRetried, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskRateSet {
                meta?: (ferry.migration.v1.IEventMeta|null);
                maxDiskBytesPerSecond?: (number|Long|null);
            }

            class DiskRateSet implements IDiskRateSet {
                constructor(p?: ferry.migration.v1.IDiskRateSet);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public maxDiskBytesPerSecond: (number|Long);
                public static create(properties?: ferry.migration.v1.IDiskRateSet): ferry.migration.v1.DiskRateSet;
                public static encode(m: ferry.migration.v1.IDiskRateSet, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskRateSet, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskRateSet;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskRateSet;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskRateSet;
                public static toObject(m: ferry.migration.v1.DiskRateSet, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICompensationCompleted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                steps?: (string[]|null);
            }

            class CompensationCompleted implements ICompensationCompleted {
                constructor(p?: ferry.migration.v1.ICompensationCompleted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public steps: string[];
                public static create(properties?: ferry.migration.v1.ICompensationCompleted): ferry.migration.v1.CompensationCompleted;
                public static encode(m: ferry.migration.v1.ICompensationCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICompensationCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CompensationCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CompensationCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CompensationCompleted;
                public static toObject(m: ferry.migration.v1.CompensationCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrateBackRequested {
                meta?: (ferry.migration.v1.IEventMeta|null);
                reason?: (string|null);
                undoPrep?: (boolean|null);
            }

            class MigrateBackRequested implements IMigrateBackRequested {
                constructor(p?: ferry.migration.v1.IMigrateBackRequested);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public reason: string;
                public undoPrep: boolean;
                public static create(properties?: ferry.migration.v1.IMigrateBackRequested): ferry.migration.v1.MigrateBackRequested;
                public static encode(m: ferry.migration.v1.IMigrateBackRequested, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrateBackRequested, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrateBackRequested;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrateBackRequested;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrateBackRequested;
                public static toObject(m: ferry.migration.v1.MigrateBackRequested, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICloudTargetPoweredOff {
                meta?: (ferry.migration.v1.IEventMeta|null);
                method?: (string|null);
            }

            class CloudTargetPoweredOff implements ICloudTargetPoweredOff {
                constructor(p?: ferry.migration.v1.ICloudTargetPoweredOff);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public method: string;
                public static create(properties?: ferry.migration.v1.ICloudTargetPoweredOff): ferry.migration.v1.CloudTargetPoweredOff;
                public static encode(m: ferry.migration.v1.ICloudTargetPoweredOff, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICloudTargetPoweredOff, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CloudTargetPoweredOff;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CloudTargetPoweredOff;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CloudTargetPoweredOff;
                public static toObject(m: ferry.migration.v1.CloudTargetPoweredOff, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipBackProgressed {
                meta?: (ferry.migration.v1.IEventMeta|null);
                diskKey?: (string|null);
                chunksCompared?: (number|Long|null);
                chunksShipped?: (number|Long|null);
                chunksTotal?: (number|Long|null);
            }

            class ShipBackProgressed implements IShipBackProgressed {
                constructor(p?: ferry.migration.v1.IShipBackProgressed);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public diskKey: string;
                public chunksCompared: (number|Long);
                public chunksShipped: (number|Long);
                public chunksTotal: (number|Long);
                public static create(properties?: ferry.migration.v1.IShipBackProgressed): ferry.migration.v1.ShipBackProgressed;
                public static encode(m: ferry.migration.v1.IShipBackProgressed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IShipBackProgressed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.ShipBackProgressed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.ShipBackProgressed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.ShipBackProgressed;
                public static toObject(m: ferry.migration.v1.ShipBackProgressed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskShippedBack {
                diskKey?: (string|null);
                premPath?: (string|null);
                cloudSource?: (string|null);
                chunksTotal?: (number|Long|null);
                chunksShipped?: (number|Long|null);
                wireBytes?: (number|Long|null);
                sha256?: (string|null);
            }

            class DiskShippedBack implements IDiskShippedBack {
                constructor(p?: ferry.migration.v1.IDiskShippedBack);
                public diskKey: string;
                public premPath: string;
                public cloudSource: string;
                public chunksTotal: (number|Long);
                public chunksShipped: (number|Long);
                public wireBytes: (number|Long);
                public sha256: string;
                public static create(properties?: ferry.migration.v1.IDiskShippedBack): ferry.migration.v1.DiskShippedBack;
                public static encode(m: ferry.migration.v1.IDiskShippedBack, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskShippedBack, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskShippedBack;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskShippedBack;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskShippedBack;
                public static toObject(m: ferry.migration.v1.DiskShippedBack, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShippedBack {
                meta?: (ferry.migration.v1.IEventMeta|null);
                disks?: (ferry.migration.v1.IDiskShippedBack[]|null);
            }

            class ShippedBack implements IShippedBack {
                constructor(p?: ferry.migration.v1.IShippedBack);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public disks: ferry.migration.v1.IDiskShippedBack[];
                public static create(properties?: ferry.migration.v1.IShippedBack): ferry.migration.v1.ShippedBack;
                public static encode(m: ferry.migration.v1.IShippedBack, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IShippedBack, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.ShippedBack;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.ShippedBack;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.ShippedBack;
                public static toObject(m: ferry.migration.v1.ShippedBack, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPremGuestRestored {
                meta?: (ferry.migration.v1.IEventMeta|null);
                restoreId?: (string|null);
                steps?: (string[]|null);
            }

            class PremGuestRestored implements IPremGuestRestored {
                constructor(p?: ferry.migration.v1.IPremGuestRestored);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public restoreId: string;
                public steps: string[];
                public static create(properties?: ferry.migration.v1.IPremGuestRestored): ferry.migration.v1.PremGuestRestored;
                public static encode(m: ferry.migration.v1.IPremGuestRestored, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPremGuestRestored, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PremGuestRestored;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PremGuestRestored;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PremGuestRestored;
                public static toObject(m: ferry.migration.v1.PremGuestRestored, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigratedBack {
                meta?: (ferry.migration.v1.IEventMeta|null);
                bytesWrittenBack?: (number|Long|null);
                chunksWrittenBack?: (number|Long|null);
                downtimeMillis?: (number|Long|null);
                durationMillis?: (number|Long|null);
                steps?: (string[]|null);
                diskDigests?: (string[]|null);
            }

            class MigratedBack implements IMigratedBack {
                constructor(p?: ferry.migration.v1.IMigratedBack);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public bytesWrittenBack: (number|Long);
                public chunksWrittenBack: (number|Long);
                public downtimeMillis: (number|Long);
                public durationMillis: (number|Long);
                public steps: string[];
                public diskDigests: string[];
                public static create(properties?: ferry.migration.v1.IMigratedBack): ferry.migration.v1.MigratedBack;
                public static encode(m: ferry.migration.v1.IMigratedBack, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigratedBack, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigratedBack;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigratedBack;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigratedBack;
                public static toObject(m: ferry.migration.v1.MigratedBack, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICloudPurgeRequested {
                meta?: (ferry.migration.v1.IEventMeta|null);
                reason?: (string|null);
            }

            class CloudPurgeRequested implements ICloudPurgeRequested {
                constructor(p?: ferry.migration.v1.ICloudPurgeRequested);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public reason: string;
                public static create(properties?: ferry.migration.v1.ICloudPurgeRequested): ferry.migration.v1.CloudPurgeRequested;
                public static encode(m: ferry.migration.v1.ICloudPurgeRequested, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICloudPurgeRequested, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CloudPurgeRequested;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CloudPurgeRequested;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CloudPurgeRequested;
                public static toObject(m: ferry.migration.v1.CloudPurgeRequested, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICloudPurged {
                meta?: (ferry.migration.v1.IEventMeta|null);
                steps?: (string[]|null);
            }

            class CloudPurged implements ICloudPurged {
                constructor(p?: ferry.migration.v1.ICloudPurged);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public steps: string[];
                public static create(properties?: ferry.migration.v1.ICloudPurged): ferry.migration.v1.CloudPurged;
                public static encode(m: ferry.migration.v1.ICloudPurged, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICloudPurged, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CloudPurged;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CloudPurged;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CloudPurged;
                public static toObject(m: ferry.migration.v1.CloudPurged, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChangeTrackingEnabled {
                meta?: (ferry.migration.v1.IEventMeta|null);
                wasEnabled?: (boolean|null);
            }

            class ChangeTrackingEnabled implements IChangeTrackingEnabled {
                constructor(p?: ferry.migration.v1.IChangeTrackingEnabled);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public wasEnabled: boolean;
                public static create(properties?: ferry.migration.v1.IChangeTrackingEnabled): ferry.migration.v1.ChangeTrackingEnabled;
                public static encode(m: ferry.migration.v1.IChangeTrackingEnabled, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IChangeTrackingEnabled, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.ChangeTrackingEnabled;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.ChangeTrackingEnabled;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.ChangeTrackingEnabled;
                public static toObject(m: ferry.migration.v1.ChangeTrackingEnabled, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISyncedDisk {
                diskKey?: (string|null);
                changeId?: (string|null);
                sinceChangeId?: (string|null);
                sourceLocator?: (string|null);
                chunks?: (number|Long|null);
                bytes?: (number|Long|null);
                changedBytes?: (number|Long|null);
                sha256?: (string|null);
                wireBytes?: (number|Long|null);
                mode?: (string|null);
            }

            class SyncedDisk implements ISyncedDisk {
                constructor(p?: ferry.migration.v1.ISyncedDisk);
                public diskKey: string;
                public changeId: string;
                public sinceChangeId: string;
                public sourceLocator: string;
                public chunks: (number|Long);
                public bytes: (number|Long);
                public changedBytes: (number|Long);
                public sha256: string;
                public wireBytes: (number|Long);
                public mode: string;
                public static create(properties?: ferry.migration.v1.ISyncedDisk): ferry.migration.v1.SyncedDisk;
                public static encode(m: ferry.migration.v1.ISyncedDisk, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ISyncedDisk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.SyncedDisk;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.SyncedDisk;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.SyncedDisk;
                public static toObject(m: ferry.migration.v1.SyncedDisk, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDeltaSyncStarted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                generation?: (number|null);
                final?: (boolean|null);
                snapshot?: (string|null);
                disks?: (ferry.migration.v1.ISyncedDisk[]|null);
                snapshotAtMillis?: (number|Long|null);
            }

            class DeltaSyncStarted implements IDeltaSyncStarted {
                constructor(p?: ferry.migration.v1.IDeltaSyncStarted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public generation: number;
                public final: boolean;
                public snapshot: string;
                public disks: ferry.migration.v1.ISyncedDisk[];
                public snapshotAtMillis: (number|Long);
                public static create(properties?: ferry.migration.v1.IDeltaSyncStarted): ferry.migration.v1.DeltaSyncStarted;
                public static encode(m: ferry.migration.v1.IDeltaSyncStarted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDeltaSyncStarted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DeltaSyncStarted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DeltaSyncStarted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DeltaSyncStarted;
                public static toObject(m: ferry.migration.v1.DeltaSyncStarted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDeltaSyncCompleted {
                meta?: (ferry.migration.v1.IEventMeta|null);
                generation?: (number|null);
                final?: (boolean|null);
                bytes?: (number|Long|null);
                chunks?: (number|Long|null);
                durationMs?: (number|Long|null);
                dirtyBytesPerMinute?: (number|null);
                wireBytes?: (number|Long|null);
                disks?: (ferry.migration.v1.ISyncedDisk[]|null);
                changedBytes?: (number|Long|null);
            }

            class DeltaSyncCompleted implements IDeltaSyncCompleted {
                constructor(p?: ferry.migration.v1.IDeltaSyncCompleted);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public generation: number;
                public final: boolean;
                public bytes: (number|Long);
                public chunks: (number|Long);
                public durationMs: (number|Long);
                public dirtyBytesPerMinute: number;
                public wireBytes: (number|Long);
                public disks: ferry.migration.v1.ISyncedDisk[];
                public changedBytes: (number|Long);
                public static create(properties?: ferry.migration.v1.IDeltaSyncCompleted): ferry.migration.v1.DeltaSyncCompleted;
                public static encode(m: ferry.migration.v1.IDeltaSyncCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDeltaSyncCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DeltaSyncCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DeltaSyncCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DeltaSyncCompleted;
                public static toObject(m: ferry.migration.v1.DeltaSyncCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICutoverRequested {
                meta?: (ferry.migration.v1.IEventMeta|null);
                reason?: (string|null);
            }

            class CutoverRequested implements ICutoverRequested {
                constructor(p?: ferry.migration.v1.ICutoverRequested);
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public reason: string;
                public static create(properties?: ferry.migration.v1.ICutoverRequested): ferry.migration.v1.CutoverRequested;
                public static encode(m: ferry.migration.v1.ICutoverRequested, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICutoverRequested, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CutoverRequested;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CutoverRequested;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CutoverRequested;
                public static toObject(m: ferry.migration.v1.CutoverRequested, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrationEvent {
                sequence?: (number|Long|null);
                typeName?: (string|null);
                payload?: (Uint8Array|null);
                meta?: (ferry.migration.v1.IEventMeta|null);
                previousHash?: (string|null);
            }

            class MigrationEvent implements IMigrationEvent {
                constructor(p?: ferry.migration.v1.IMigrationEvent);
                public sequence: (number|Long);
                public typeName: string;
                public payload: Uint8Array;
                public meta?: (ferry.migration.v1.IEventMeta|null);
                public previousHash: string;
                public static create(properties?: ferry.migration.v1.IMigrationEvent): ferry.migration.v1.MigrationEvent;
                public static encode(m: ferry.migration.v1.IMigrationEvent, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrationEvent, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrationEvent;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrationEvent;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrationEvent;
                public static toObject(m: ferry.migration.v1.MigrationEvent, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum MigrationMode {
                MIGRATION_MODE_UNSPECIFIED = 0,
                MIGRATION_MODE_COLD = 1,
                MIGRATION_MODE_WARM = 2,
                MIGRATION_MODE_PRECOPY = 3
            }

            interface INetworkMapping {
                sourceNetwork?: (string|null);
                targetNetwork?: (string|null);
            }

            class NetworkMapping implements INetworkMapping {
                constructor(p?: ferry.migration.v1.INetworkMapping);
                public sourceNetwork: string;
                public targetNetwork: string;
                public static create(properties?: ferry.migration.v1.INetworkMapping): ferry.migration.v1.NetworkMapping;
                public static encode(m: ferry.migration.v1.INetworkMapping, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.INetworkMapping, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.NetworkMapping;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.NetworkMapping;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.NetworkMapping;
                public static toObject(m: ferry.migration.v1.NetworkMapping, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStorageMapping {
                sourceDatastore?: (string|null);
                targetDatastore?: (string|null);
            }

            class StorageMapping implements IStorageMapping {
                constructor(p?: ferry.migration.v1.IStorageMapping);
                public sourceDatastore: string;
                public targetDatastore: string;
                public static create(properties?: ferry.migration.v1.IStorageMapping): ferry.migration.v1.StorageMapping;
                public static encode(m: ferry.migration.v1.IStorageMapping, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IStorageMapping, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.StorageMapping;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.StorageMapping;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.StorageMapping;
                public static toObject(m: ferry.migration.v1.StorageMapping, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITargetPlacement {
                folder?: (string|null);
                resourcePool?: (string|null);
                datacenter?: (string|null);
            }

            class TargetPlacement implements ITargetPlacement {
                constructor(p?: ferry.migration.v1.ITargetPlacement);
                public folder: string;
                public resourcePool: string;
                public datacenter: string;
                public static create(properties?: ferry.migration.v1.ITargetPlacement): ferry.migration.v1.TargetPlacement;
                public static encode(m: ferry.migration.v1.ITargetPlacement, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ITargetPlacement, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.TargetPlacement;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.TargetPlacement;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.TargetPlacement;
                public static toObject(m: ferry.migration.v1.TargetPlacement, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum Phase {
                PHASE_UNSPECIFIED = 0,
                PHASE_PLANNED = 1,
                PHASE_GUEST_PREPARED = 2,
                PHASE_COPYING_DISKS = 3,
                PHASE_SOURCE_POWERED_OFF = 4,
                PHASE_BOOTED_OVER_CACHE = 5,
                PHASE_HYDRATED = 6,
                PHASE_TARGET_CREATED = 7,
                PHASE_FIXED_UP = 8,
                PHASE_TARGET_POWERED_ON = 9,
                PHASE_COMPLETED = 10,
                PHASE_FAILED = 11,
                PHASE_CANCELLED = 12,
                PHASE_MIGRATED_BACK = 13,
                PHASE_VALIDATED = 14,
                PHASE_DISKS_COPIED = 15,
                PHASE_CACHE_VOLUME_CREATED = 16,
                PHASE_MOVED_TO_STORAGE = 17,
                PHASE_CACHE_RELEASED = 18,
                PHASE_MIGRATING_BACK = 19,
                PHASE_CLOUD_TARGET_POWERED_OFF = 20,
                PHASE_SHIPPED_BACK = 21,
                PHASE_PREM_GUEST_RESTORED = 22,
                PHASE_CHANGE_TRACKING_ENABLED = 23,
                PHASE_PRECOPY_SYNCED = 24
            }

            interface IDiskProgress {
                diskKey?: (string|null);
                capacityBytes?: (number|Long|null);
                bytesCopied?: (number|Long|null);
                bytesSkippedZero?: (number|Long|null);
                rateBytesPerSecond?: (number|null);
                etaSeconds?: (number|Long|null);
                waitingReason?: (string|null);
                wireBytes?: (number|Long|null);
                sourceBytes?: (number|Long|null);
                bytesUnchanged?: (number|Long|null);
            }

            class DiskProgress implements IDiskProgress {
                constructor(p?: ferry.migration.v1.IDiskProgress);
                public diskKey: string;
                public capacityBytes: (number|Long);
                public bytesCopied: (number|Long);
                public bytesSkippedZero: (number|Long);
                public rateBytesPerSecond: number;
                public etaSeconds: (number|Long);
                public waitingReason: string;
                public wireBytes: (number|Long);
                public sourceBytes: (number|Long);
                public bytesUnchanged: (number|Long);
                public static create(properties?: ferry.migration.v1.IDiskProgress): ferry.migration.v1.DiskProgress;
                public static encode(m: ferry.migration.v1.IDiskProgress, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IDiskProgress, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.DiskProgress;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.DiskProgress;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.DiskProgress;
                public static toObject(m: ferry.migration.v1.DiskProgress, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IEventMeta {
                migrationId?: (string|null);
                at?: (ferry.common.v1.ITimestamp|null);
                actor?: (ferry.common.v1.IActor|null);
                causeCommandId?: (string|null);
                traceId?: (string|null);
            }

            class EventMeta implements IEventMeta {
                constructor(p?: ferry.migration.v1.IEventMeta);
                public migrationId: string;
                public at?: (ferry.common.v1.ITimestamp|null);
                public actor?: (ferry.common.v1.IActor|null);
                public causeCommandId: string;
                public traceId: string;
                public static create(properties?: ferry.migration.v1.IEventMeta): ferry.migration.v1.EventMeta;
                public static encode(m: ferry.migration.v1.IEventMeta, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IEventMeta, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.EventMeta;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.EventMeta;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.EventMeta;
                public static toObject(m: ferry.migration.v1.EventMeta, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum Step {
                STEP_UNSPECIFIED = 0,
                STEP_VALIDATE = 1,
                STEP_POWER_OFF_SOURCE = 2,
                STEP_COPY_DISKS = 3,
                STEP_CREATE_TARGET = 4,
                STEP_FIXUP = 5,
                STEP_POWER_ON_TARGET = 6,
                STEP_COMPLETE = 7,
                STEP_PREPARE_GUEST = 8,
                STEP_CREATE_CACHE_VOLUME = 9,
                STEP_CREATE_TARGET_OVER_CACHE = 10,
                STEP_AWAIT_BOOT_OVER_CACHE = 11,
                STEP_HYDRATE = 12,
                STEP_MOVE_TO_STORAGE = 13,
                STEP_RELEASE_CACHE = 14,
                STEP_POWER_OFF_CLOUD_TARGET = 15,
                STEP_SHIP_BACK = 16,
                STEP_POWER_ON_PREM_SOURCE = 17,
                STEP_RESTORE_PREM_GUEST = 18,
                STEP_ENABLE_CHANGE_TRACKING = 19,
                STEP_PRECOPY_SYNC = 20
            }

            interface ISourceNic {
                macAddress?: (string|null);
                network?: (string|null);
                adapter?: (string|null);
            }

            class SourceNic implements ISourceNic {
                constructor(p?: ferry.migration.v1.ISourceNic);
                public macAddress: string;
                public network: string;
                public adapter: string;
                public static create(properties?: ferry.migration.v1.ISourceNic): ferry.migration.v1.SourceNic;
                public static encode(m: ferry.migration.v1.ISourceNic, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ISourceNic, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.SourceNic;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.SourceNic;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.SourceNic;
                public static toObject(m: ferry.migration.v1.SourceNic, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISourceHardware {
                numCpus?: (number|null);
                coresPerSocket?: (number|null);
                memoryMib?: (number|Long|null);
                firmware?: (string|null);
                guestId?: (string|null);
                nics?: (ferry.migration.v1.ISourceNic[]|null);
            }

            class SourceHardware implements ISourceHardware {
                constructor(p?: ferry.migration.v1.ISourceHardware);
                public numCpus: number;
                public coresPerSocket: number;
                public memoryMib: (number|Long);
                public firmware: string;
                public guestId: string;
                public nics: ferry.migration.v1.ISourceNic[];
                public static create(properties?: ferry.migration.v1.ISourceHardware): ferry.migration.v1.SourceHardware;
                public static encode(m: ferry.migration.v1.ISourceHardware, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ISourceHardware, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.SourceHardware;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.SourceHardware;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.SourceHardware;
                public static toObject(m: ferry.migration.v1.SourceHardware, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICommandMeta {
                commandId?: (string|null);
                migrationId?: (string|null);
                at?: (ferry.common.v1.ITimestamp|null);
                actor?: (ferry.common.v1.IActor|null);
            }

            class CommandMeta implements ICommandMeta {
                constructor(p?: ferry.migration.v1.ICommandMeta);
                public commandId: string;
                public migrationId: string;
                public at?: (ferry.common.v1.ITimestamp|null);
                public actor?: (ferry.common.v1.IActor|null);
                public static create(properties?: ferry.migration.v1.ICommandMeta): ferry.migration.v1.CommandMeta;
                public static encode(m: ferry.migration.v1.ICommandMeta, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICommandMeta, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CommandMeta;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CommandMeta;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CommandMeta;
                public static toObject(m: ferry.migration.v1.CommandMeta, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanMigration {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                planId?: (string|null);
                sourceVm?: (ferry.common.v1.IVmRef|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
                networkMap?: (ferry.migration.v1.INetworkMapping[]|null);
                storageMap?: (ferry.migration.v1.IStorageMapping[]|null);
                target?: (ferry.migration.v1.ITargetPlacement|null);
                disks?: (ferry.common.v1.IDiskRef[]|null);
            }

            class PlanMigration implements IPlanMigration {
                constructor(p?: ferry.migration.v1.IPlanMigration);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public planId: string;
                public sourceVm?: (ferry.common.v1.IVmRef|null);
                public mode: ferry.migration.v1.MigrationMode;
                public networkMap: ferry.migration.v1.INetworkMapping[];
                public storageMap: ferry.migration.v1.IStorageMapping[];
                public target?: (ferry.migration.v1.ITargetPlacement|null);
                public disks: ferry.common.v1.IDiskRef[];
                public static create(properties?: ferry.migration.v1.IPlanMigration): ferry.migration.v1.PlanMigration;
                public static encode(m: ferry.migration.v1.IPlanMigration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanMigration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanMigration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanMigration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanMigration;
                public static toObject(m: ferry.migration.v1.PlanMigration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRecordGuestPrepared {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                guestOs?: (string|null);
                steps?: (string[]|null);
            }

            class RecordGuestPrepared implements IRecordGuestPrepared {
                constructor(p?: ferry.migration.v1.IRecordGuestPrepared);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public guestOs: string;
                public steps: string[];
                public static create(properties?: ferry.migration.v1.IRecordGuestPrepared): ferry.migration.v1.RecordGuestPrepared;
                public static encode(m: ferry.migration.v1.IRecordGuestPrepared, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IRecordGuestPrepared, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.RecordGuestPrepared;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.RecordGuestPrepared;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.RecordGuestPrepared;
                public static toObject(m: ferry.migration.v1.RecordGuestPrepared, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPowerOffSource {
                meta?: (ferry.migration.v1.ICommandMeta|null);
            }

            class PowerOffSource implements IPowerOffSource {
                constructor(p?: ferry.migration.v1.IPowerOffSource);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public static create(properties?: ferry.migration.v1.IPowerOffSource): ferry.migration.v1.PowerOffSource;
                public static encode(m: ferry.migration.v1.IPowerOffSource, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPowerOffSource, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PowerOffSource;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PowerOffSource;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PowerOffSource;
                public static toObject(m: ferry.migration.v1.PowerOffSource, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStartDiskCopy {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                diskKey?: (string|null);
                capacityBytes?: (number|Long|null);
                changeId?: (string|null);
            }

            class StartDiskCopy implements IStartDiskCopy {
                constructor(p?: ferry.migration.v1.IStartDiskCopy);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public diskKey: string;
                public capacityBytes: (number|Long);
                public changeId: string;
                public static create(properties?: ferry.migration.v1.IStartDiskCopy): ferry.migration.v1.StartDiskCopy;
                public static encode(m: ferry.migration.v1.IStartDiskCopy, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IStartDiskCopy, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.StartDiskCopy;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.StartDiskCopy;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.StartDiskCopy;
                public static toObject(m: ferry.migration.v1.StartDiskCopy, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICheckpointDiskCopy {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                diskKey?: (string|null);
                offset?: (number|Long|null);
                bytesCopied?: (number|Long|null);
            }

            class CheckpointDiskCopy implements ICheckpointDiskCopy {
                constructor(p?: ferry.migration.v1.ICheckpointDiskCopy);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public diskKey: string;
                public offset: (number|Long);
                public bytesCopied: (number|Long);
                public static create(properties?: ferry.migration.v1.ICheckpointDiskCopy): ferry.migration.v1.CheckpointDiskCopy;
                public static encode(m: ferry.migration.v1.ICheckpointDiskCopy, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICheckpointDiskCopy, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CheckpointDiskCopy;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CheckpointDiskCopy;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CheckpointDiskCopy;
                public static toObject(m: ferry.migration.v1.CheckpointDiskCopy, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICompleteDiskCopy {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                diskKey?: (string|null);
                bytesCopied?: (number|Long|null);
                sha256?: (string|null);
            }

            class CompleteDiskCopy implements ICompleteDiskCopy {
                constructor(p?: ferry.migration.v1.ICompleteDiskCopy);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public diskKey: string;
                public bytesCopied: (number|Long);
                public sha256: string;
                public static create(properties?: ferry.migration.v1.ICompleteDiskCopy): ferry.migration.v1.CompleteDiskCopy;
                public static encode(m: ferry.migration.v1.ICompleteDiskCopy, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICompleteDiskCopy, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CompleteDiskCopy;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CompleteDiskCopy;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CompleteDiskCopy;
                public static toObject(m: ferry.migration.v1.CompleteDiskCopy, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IBootOverCache {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                iscsiTargetIqn?: (string|null);
            }

            class BootOverCache implements IBootOverCache {
                constructor(p?: ferry.migration.v1.IBootOverCache);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public iscsiTargetIqn: string;
                public static create(properties?: ferry.migration.v1.IBootOverCache): ferry.migration.v1.BootOverCache;
                public static encode(m: ferry.migration.v1.IBootOverCache, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IBootOverCache, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.BootOverCache;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.BootOverCache;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.BootOverCache;
                public static toObject(m: ferry.migration.v1.BootOverCache, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICompleteHydration {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                bytesHydrated?: (number|Long|null);
            }

            class CompleteHydration implements ICompleteHydration {
                constructor(p?: ferry.migration.v1.ICompleteHydration);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public bytesHydrated: (number|Long);
                public static create(properties?: ferry.migration.v1.ICompleteHydration): ferry.migration.v1.CompleteHydration;
                public static encode(m: ferry.migration.v1.ICompleteHydration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICompleteHydration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CompleteHydration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CompleteHydration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CompleteHydration;
                public static toObject(m: ferry.migration.v1.CompleteHydration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICreateTarget {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                targetVm?: (ferry.common.v1.IVmRef|null);
            }

            class CreateTarget implements ICreateTarget {
                constructor(p?: ferry.migration.v1.ICreateTarget);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public targetVm?: (ferry.common.v1.IVmRef|null);
                public static create(properties?: ferry.migration.v1.ICreateTarget): ferry.migration.v1.CreateTarget;
                public static encode(m: ferry.migration.v1.ICreateTarget, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICreateTarget, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CreateTarget;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CreateTarget;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CreateTarget;
                public static toObject(m: ferry.migration.v1.CreateTarget, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRecordFixup {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                steps?: (string[]|null);
            }

            class RecordFixup implements IRecordFixup {
                constructor(p?: ferry.migration.v1.IRecordFixup);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public steps: string[];
                public static create(properties?: ferry.migration.v1.IRecordFixup): ferry.migration.v1.RecordFixup;
                public static encode(m: ferry.migration.v1.IRecordFixup, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IRecordFixup, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.RecordFixup;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.RecordFixup;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.RecordFixup;
                public static toObject(m: ferry.migration.v1.RecordFixup, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPowerOnTarget {
                meta?: (ferry.migration.v1.ICommandMeta|null);
            }

            class PowerOnTarget implements IPowerOnTarget {
                constructor(p?: ferry.migration.v1.IPowerOnTarget);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public static create(properties?: ferry.migration.v1.IPowerOnTarget): ferry.migration.v1.PowerOnTarget;
                public static encode(m: ferry.migration.v1.IPowerOnTarget, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPowerOnTarget, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PowerOnTarget;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PowerOnTarget;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PowerOnTarget;
                public static toObject(m: ferry.migration.v1.PowerOnTarget, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICompleteMigration {
                meta?: (ferry.migration.v1.ICommandMeta|null);
            }

            class CompleteMigration implements ICompleteMigration {
                constructor(p?: ferry.migration.v1.ICompleteMigration);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public static create(properties?: ferry.migration.v1.ICompleteMigration): ferry.migration.v1.CompleteMigration;
                public static encode(m: ferry.migration.v1.ICompleteMigration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICompleteMigration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CompleteMigration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CompleteMigration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CompleteMigration;
                public static toObject(m: ferry.migration.v1.CompleteMigration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFailMigration {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                phase?: (ferry.migration.v1.Phase|null);
                reason?: (string|null);
                retryable?: (boolean|null);
            }

            class FailMigration implements IFailMigration {
                constructor(p?: ferry.migration.v1.IFailMigration);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public phase: ferry.migration.v1.Phase;
                public reason: string;
                public retryable: boolean;
                public static create(properties?: ferry.migration.v1.IFailMigration): ferry.migration.v1.FailMigration;
                public static encode(m: ferry.migration.v1.IFailMigration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IFailMigration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.FailMigration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.FailMigration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.FailMigration;
                public static toObject(m: ferry.migration.v1.FailMigration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICancelMigration {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                reason?: (string|null);
            }

            class CancelMigration implements ICancelMigration {
                constructor(p?: ferry.migration.v1.ICancelMigration);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public reason: string;
                public static create(properties?: ferry.migration.v1.ICancelMigration): ferry.migration.v1.CancelMigration;
                public static encode(m: ferry.migration.v1.ICancelMigration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.ICancelMigration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.CancelMigration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.CancelMigration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.CancelMigration;
                public static toObject(m: ferry.migration.v1.CancelMigration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRetryMigration {
                meta?: (ferry.migration.v1.ICommandMeta|null);
            }

            class RetryMigration implements IRetryMigration {
                constructor(p?: ferry.migration.v1.IRetryMigration);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public static create(properties?: ferry.migration.v1.IRetryMigration): ferry.migration.v1.RetryMigration;
                public static encode(m: ferry.migration.v1.IRetryMigration, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IRetryMigration, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.RetryMigration;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.RetryMigration;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.RetryMigration;
                public static toObject(m: ferry.migration.v1.RetryMigration, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMigrateBack {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                reason?: (string|null);
                undoPrep?: (boolean|null);
            }

            class MigrateBack implements IMigrateBack {
                constructor(p?: ferry.migration.v1.IMigrateBack);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public reason: string;
                public undoPrep: boolean;
                public static create(properties?: ferry.migration.v1.IMigrateBack): ferry.migration.v1.MigrateBack;
                public static encode(m: ferry.migration.v1.IMigrateBack, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IMigrateBack, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.MigrateBack;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.MigrateBack;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.MigrateBack;
                public static toObject(m: ferry.migration.v1.MigrateBack, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPurgeCloud {
                meta?: (ferry.migration.v1.ICommandMeta|null);
                reason?: (string|null);
            }

            class PurgeCloud implements IPurgeCloud {
                constructor(p?: ferry.migration.v1.IPurgeCloud);
                public meta?: (ferry.migration.v1.ICommandMeta|null);
                public reason: string;
                public static create(properties?: ferry.migration.v1.IPurgeCloud): ferry.migration.v1.PurgeCloud;
                public static encode(m: ferry.migration.v1.IPurgeCloud, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPurgeCloud, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PurgeCloud;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PurgeCloud;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PurgeCloud;
                public static toObject(m: ferry.migration.v1.PurgeCloud, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanEventMeta {
                planId?: (string|null);
                at?: (ferry.common.v1.ITimestamp|null);
                causeCommandId?: (string|null);
            }

            class PlanEventMeta implements IPlanEventMeta {
                constructor(p?: ferry.migration.v1.IPlanEventMeta);
                public planId: string;
                public at?: (ferry.common.v1.ITimestamp|null);
                public causeCommandId: string;
                public static create(properties?: ferry.migration.v1.IPlanEventMeta): ferry.migration.v1.PlanEventMeta;
                public static encode(m: ferry.migration.v1.IPlanEventMeta, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanEventMeta, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanEventMeta;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanEventMeta;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanEventMeta;
                public static toObject(m: ferry.migration.v1.PlanEventMeta, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanCreated {
                meta?: (ferry.migration.v1.IPlanEventMeta|null);
                name?: (string|null);
                vms?: (ferry.common.v1.IVmRef[]|null);
                mode?: (ferry.migration.v1.MigrationMode|null);
                networkMap?: (ferry.migration.v1.INetworkMapping[]|null);
                storageMap?: (ferry.migration.v1.IStorageMapping[]|null);
                target?: (ferry.migration.v1.ITargetPlacement|null);
                concurrency?: (number|null);
                scheduledStartMillis?: (number|Long|null);
                maxDiskBytesPerSecond?: (number|Long|null);
                acceptUnqualified?: (boolean|null);
                precopyIntervalSeconds?: (number|Long|null);
                scheduledCutoverMillis?: (number|Long|null);
            }

            class PlanCreated implements IPlanCreated {
                constructor(p?: ferry.migration.v1.IPlanCreated);
                public meta?: (ferry.migration.v1.IPlanEventMeta|null);
                public name: string;
                public vms: ferry.common.v1.IVmRef[];
                public mode: ferry.migration.v1.MigrationMode;
                public networkMap: ferry.migration.v1.INetworkMapping[];
                public storageMap: ferry.migration.v1.IStorageMapping[];
                public target?: (ferry.migration.v1.ITargetPlacement|null);
                public concurrency: number;
                public scheduledStartMillis: (number|Long);
                public maxDiskBytesPerSecond: (number|Long);
                public acceptUnqualified: boolean;
                public precopyIntervalSeconds: (number|Long);
                public scheduledCutoverMillis: (number|Long);
                public static create(properties?: ferry.migration.v1.IPlanCreated): ferry.migration.v1.PlanCreated;
                public static encode(m: ferry.migration.v1.IPlanCreated, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanCreated, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanCreated;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanCreated;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanCreated;
                public static toObject(m: ferry.migration.v1.PlanCreated, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanMigrationAssigned {
                vmMoref?: (string|null);
                migrationId?: (string|null);
            }

            class PlanMigrationAssigned implements IPlanMigrationAssigned {
                constructor(p?: ferry.migration.v1.IPlanMigrationAssigned);
                public vmMoref: string;
                public migrationId: string;
                public static create(properties?: ferry.migration.v1.IPlanMigrationAssigned): ferry.migration.v1.PlanMigrationAssigned;
                public static encode(m: ferry.migration.v1.IPlanMigrationAssigned, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanMigrationAssigned, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanMigrationAssigned;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanMigrationAssigned;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanMigrationAssigned;
                public static toObject(m: ferry.migration.v1.PlanMigrationAssigned, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanStarted {
                meta?: (ferry.migration.v1.IPlanEventMeta|null);
                migrations?: (ferry.migration.v1.IPlanMigrationAssigned[]|null);
            }

            class PlanStarted implements IPlanStarted {
                constructor(p?: ferry.migration.v1.IPlanStarted);
                public meta?: (ferry.migration.v1.IPlanEventMeta|null);
                public migrations: ferry.migration.v1.IPlanMigrationAssigned[];
                public static create(properties?: ferry.migration.v1.IPlanStarted): ferry.migration.v1.PlanStarted;
                public static encode(m: ferry.migration.v1.IPlanStarted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanStarted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanStarted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanStarted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanStarted;
                public static toObject(m: ferry.migration.v1.PlanStarted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanCancelled {
                meta?: (ferry.migration.v1.IPlanEventMeta|null);
                reason?: (string|null);
            }

            class PlanCancelled implements IPlanCancelled {
                constructor(p?: ferry.migration.v1.IPlanCancelled);
                public meta?: (ferry.migration.v1.IPlanEventMeta|null);
                public reason: string;
                public static create(properties?: ferry.migration.v1.IPlanCancelled): ferry.migration.v1.PlanCancelled;
                public static encode(m: ferry.migration.v1.IPlanCancelled, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanCancelled, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanCancelled;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanCancelled;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanCancelled;
                public static toObject(m: ferry.migration.v1.PlanCancelled, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPlanDiskRateSet {
                meta?: (ferry.migration.v1.IPlanEventMeta|null);
                maxDiskBytesPerSecond?: (number|Long|null);
            }

            class PlanDiskRateSet implements IPlanDiskRateSet {
                constructor(p?: ferry.migration.v1.IPlanDiskRateSet);
                public meta?: (ferry.migration.v1.IPlanEventMeta|null);
                public maxDiskBytesPerSecond: (number|Long);
                public static create(properties?: ferry.migration.v1.IPlanDiskRateSet): ferry.migration.v1.PlanDiskRateSet;
                public static encode(m: ferry.migration.v1.IPlanDiskRateSet, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.migration.v1.IPlanDiskRateSet, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.migration.v1.PlanDiskRateSet;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.migration.v1.PlanDiskRateSet;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.migration.v1.PlanDiskRateSet;
                public static toObject(m: ferry.migration.v1.PlanDiskRateSet, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace cache {

        namespace v1 {

            interface IIoSummaryBatch {
                sentAt?: (ferry.common.v1.ITimestamp|null);
                volumes?: (ferry.cache.v1.IVolumeIoSummary[]|null);
            }

            class IoSummaryBatch implements IIoSummaryBatch {
                constructor(p?: ferry.cache.v1.IIoSummaryBatch);
                public sentAt?: (ferry.common.v1.ITimestamp|null);
                public volumes: ferry.cache.v1.IVolumeIoSummary[];
                public static create(properties?: ferry.cache.v1.IIoSummaryBatch): ferry.cache.v1.IoSummaryBatch;
                public static encode(m: ferry.cache.v1.IIoSummaryBatch, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IIoSummaryBatch, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.IoSummaryBatch;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.IoSummaryBatch;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.IoSummaryBatch;
                public static toObject(m: ferry.cache.v1.IoSummaryBatch, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFetchLatency {
                p50Ms?: (number|null);
                p95Ms?: (number|null);
                p99Ms?: (number|null);
                maxMs?: (number|null);
            }

            class FetchLatency implements IFetchLatency {
                constructor(p?: ferry.cache.v1.IFetchLatency);
                public p50Ms: number;
                public p95Ms: number;
                public p99Ms: number;
                public maxMs: number;
                public static create(properties?: ferry.cache.v1.IFetchLatency): ferry.cache.v1.FetchLatency;
                public static encode(m: ferry.cache.v1.IFetchLatency, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IFetchLatency, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.FetchLatency;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.FetchLatency;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.FetchLatency;
                public static toObject(m: ferry.cache.v1.FetchLatency, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVolumeIoSummary {
                volumeId?: (string|null);
                targetIqn?: (string|null);
                lun?: (number|null);
                windowStart?: (ferry.common.v1.ITimestamp|null);
                windowEnd?: (ferry.common.v1.ITimestamp|null);
                readOps?: (number|Long|null);
                writeOps?: (number|Long|null);
                readBytes?: (number|Long|null);
                writeBytes?: (number|Long|null);
                readHits?: (number|Long|null);
                readMisses?: (number|Long|null);
                hitRatio?: (number|null);
                onDemandFetches?: (number|Long|null);
                onDemandFetchBytes?: (number|Long|null);
                fetchLatency?: (ferry.cache.v1.IFetchLatency|null);
                chunksPresent?: (number|Long|null);
                chunksTotal?: (number|Long|null);
                chunkSize?: (number|null);
                hydratedChunks?: (number|Long|null);
                writtenBytesSinceCreation?: (number|Long|null);
                fetchedOnDemandBytesSinceCreation?: (number|Long|null);
                bootProfileKey?: (string|null);
                bootProfileUsed?: (boolean|null);
                prefetchedChunks?: (number|Long|null);
                prefetchedBytes?: (number|Long|null);
            }

            class VolumeIoSummary implements IVolumeIoSummary {
                constructor(p?: ferry.cache.v1.IVolumeIoSummary);
                public volumeId: string;
                public targetIqn: string;
                public lun: number;
                public windowStart?: (ferry.common.v1.ITimestamp|null);
                public windowEnd?: (ferry.common.v1.ITimestamp|null);
                public readOps: (number|Long);
                public writeOps: (number|Long);
                public readBytes: (number|Long);
                public writeBytes: (number|Long);
                public readHits: (number|Long);
                public readMisses: (number|Long);
                public hitRatio: number;
                public onDemandFetches: (number|Long);
                public onDemandFetchBytes: (number|Long);
                public fetchLatency?: (ferry.cache.v1.IFetchLatency|null);
                public chunksPresent: (number|Long);
                public chunksTotal: (number|Long);
                public chunkSize: number;
                public hydratedChunks: (number|Long);
                public writtenBytesSinceCreation: (number|Long);
                public fetchedOnDemandBytesSinceCreation: (number|Long);
                public bootProfileKey: string;
                public bootProfileUsed: boolean;
                public prefetchedChunks: (number|Long);
                public prefetchedBytes: (number|Long);
                public static create(properties?: ferry.cache.v1.IVolumeIoSummary): ferry.cache.v1.VolumeIoSummary;
                public static encode(m: ferry.cache.v1.IVolumeIoSummary, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IVolumeIoSummary, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.VolumeIoSummary;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.VolumeIoSummary;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.VolumeIoSummary;
                public static toObject(m: ferry.cache.v1.VolumeIoSummary, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ILunSpec {
                lun?: (number|null);
                virtualSize?: (number|Long|null);
                chunkSize?: (number|null);
                migrationId?: (string|null);
                diskId?: (string|null);
                bootProfileKey?: (string|null);
            }

            class LunSpec implements ILunSpec {
                constructor(p?: ferry.cache.v1.ILunSpec);
                public lun: number;
                public virtualSize: (number|Long);
                public chunkSize: number;
                public migrationId: string;
                public diskId: string;
                public bootProfileKey: string;
                public static create(properties?: ferry.cache.v1.ILunSpec): ferry.cache.v1.LunSpec;
                public static encode(m: ferry.cache.v1.ILunSpec, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.ILunSpec, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.LunSpec;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.LunSpec;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.LunSpec;
                public static toObject(m: ferry.cache.v1.LunSpec, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChapSpec {
                user?: (string|null);
                secret?: (string|null);
                mutualUser?: (string|null);
                mutualSecret?: (string|null);
            }

            class ChapSpec implements IChapSpec {
                constructor(p?: ferry.cache.v1.IChapSpec);
                public user: string;
                public secret: string;
                public mutualUser: string;
                public mutualSecret: string;
                public static create(properties?: ferry.cache.v1.IChapSpec): ferry.cache.v1.ChapSpec;
                public static encode(m: ferry.cache.v1.IChapSpec, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IChapSpec, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.ChapSpec;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.ChapSpec;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.ChapSpec;
                public static toObject(m: ferry.cache.v1.ChapSpec, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICreateVolumeRequest {
                iqn?: (string|null);
                luns?: (ferry.cache.v1.ILunSpec[]|null);
                chap?: (ferry.cache.v1.IChapSpec|null);
                requestId?: (string|null);
                initiators?: (string[]|null);
            }

            class CreateVolumeRequest implements ICreateVolumeRequest {
                constructor(p?: ferry.cache.v1.ICreateVolumeRequest);
                public iqn: string;
                public luns: ferry.cache.v1.ILunSpec[];
                public chap?: (ferry.cache.v1.IChapSpec|null);
                public requestId: string;
                public initiators: string[];
                public static create(properties?: ferry.cache.v1.ICreateVolumeRequest): ferry.cache.v1.CreateVolumeRequest;
                public static encode(m: ferry.cache.v1.ICreateVolumeRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.ICreateVolumeRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.CreateVolumeRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.CreateVolumeRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.CreateVolumeRequest;
                public static toObject(m: ferry.cache.v1.CreateVolumeRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDescribeVolumeRequest {
                iqn?: (string|null);
            }

            class DescribeVolumeRequest implements IDescribeVolumeRequest {
                constructor(p?: ferry.cache.v1.IDescribeVolumeRequest);
                public iqn: string;
                public static create(properties?: ferry.cache.v1.IDescribeVolumeRequest): ferry.cache.v1.DescribeVolumeRequest;
                public static encode(m: ferry.cache.v1.IDescribeVolumeRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IDescribeVolumeRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.DescribeVolumeRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.DescribeVolumeRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.DescribeVolumeRequest;
                public static toObject(m: ferry.cache.v1.DescribeVolumeRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListVolumesRequest {
            }

            class ListVolumesRequest implements IListVolumesRequest {
                constructor(p?: ferry.cache.v1.IListVolumesRequest);
                public static create(properties?: ferry.cache.v1.IListVolumesRequest): ferry.cache.v1.ListVolumesRequest;
                public static encode(m: ferry.cache.v1.IListVolumesRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IListVolumesRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.ListVolumesRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.ListVolumesRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.ListVolumesRequest;
                public static toObject(m: ferry.cache.v1.ListVolumesRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDeleteVolumeRequest {
                iqn?: (string|null);
            }

            class DeleteVolumeRequest implements IDeleteVolumeRequest {
                constructor(p?: ferry.cache.v1.IDeleteVolumeRequest);
                public iqn: string;
                public static create(properties?: ferry.cache.v1.IDeleteVolumeRequest): ferry.cache.v1.DeleteVolumeRequest;
                public static encode(m: ferry.cache.v1.IDeleteVolumeRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IDeleteVolumeRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.DeleteVolumeRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.DeleteVolumeRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.DeleteVolumeRequest;
                public static toObject(m: ferry.cache.v1.DeleteVolumeRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWrittenChunksRequest {
                iqn?: (string|null);
                lun?: (number|null);
                fromIndex?: (number|null);
                maxIndexes?: (number|null);
            }

            class WrittenChunksRequest implements IWrittenChunksRequest {
                constructor(p?: ferry.cache.v1.IWrittenChunksRequest);
                public iqn: string;
                public lun: number;
                public fromIndex: number;
                public maxIndexes: number;
                public static create(properties?: ferry.cache.v1.IWrittenChunksRequest): ferry.cache.v1.WrittenChunksRequest;
                public static encode(m: ferry.cache.v1.IWrittenChunksRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IWrittenChunksRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.WrittenChunksRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.WrittenChunksRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.WrittenChunksRequest;
                public static toObject(m: ferry.cache.v1.WrittenChunksRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum VolumeState {
                VOLUME_STATE_UNSPECIFIED = 0,
                VOLUME_STATE_SERVING = 1,
                VOLUME_STATE_HYDRATED = 2
            }

            interface IVolumeLun {
                lun?: (number|null);
                virtualSize?: (number|Long|null);
                chunkSize?: (number|null);
                migrationId?: (string|null);
                diskId?: (string|null);
                totalChunks?: (number|Long|null);
                presentChunks?: (number|Long|null);
                writtenChunks?: (number|Long|null);
                fetchedOnDemandBytes?: (number|Long|null);
                bootProfileKey?: (string|null);
                bootProfileUsed?: (boolean|null);
                prefetchedChunks?: (number|Long|null);
            }

            class VolumeLun implements IVolumeLun {
                constructor(p?: ferry.cache.v1.IVolumeLun);
                public lun: number;
                public virtualSize: (number|Long);
                public chunkSize: number;
                public migrationId: string;
                public diskId: string;
                public totalChunks: (number|Long);
                public presentChunks: (number|Long);
                public writtenChunks: (number|Long);
                public fetchedOnDemandBytes: (number|Long);
                public bootProfileKey: string;
                public bootProfileUsed: boolean;
                public prefetchedChunks: (number|Long);
                public static create(properties?: ferry.cache.v1.IVolumeLun): ferry.cache.v1.VolumeLun;
                public static encode(m: ferry.cache.v1.IVolumeLun, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IVolumeLun, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.VolumeLun;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.VolumeLun;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.VolumeLun;
                public static toObject(m: ferry.cache.v1.VolumeLun, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVolume {
                iqn?: (string|null);
                luns?: (ferry.cache.v1.IVolumeLun[]|null);
                state?: (ferry.cache.v1.VolumeState|null);
                chapUser?: (string|null);
                mutualChapUser?: (string|null);
                loggedInInitiators?: (string[]|null);
                createdAt?: (ferry.common.v1.ITimestamp|null);
                requestId?: (string|null);
                allowedInitiators?: (string[]|null);
            }

            class Volume implements IVolume {
                constructor(p?: ferry.cache.v1.IVolume);
                public iqn: string;
                public luns: ferry.cache.v1.IVolumeLun[];
                public state: ferry.cache.v1.VolumeState;
                public chapUser: string;
                public mutualChapUser: string;
                public loggedInInitiators: string[];
                public createdAt?: (ferry.common.v1.ITimestamp|null);
                public requestId: string;
                public allowedInitiators: string[];
                public static create(properties?: ferry.cache.v1.IVolume): ferry.cache.v1.Volume;
                public static encode(m: ferry.cache.v1.IVolume, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IVolume, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.Volume;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.Volume;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.Volume;
                public static toObject(m: ferry.cache.v1.Volume, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVolumeList {
                volumes?: (ferry.cache.v1.IVolume[]|null);
            }

            class VolumeList implements IVolumeList {
                constructor(p?: ferry.cache.v1.IVolumeList);
                public volumes: ferry.cache.v1.IVolume[];
                public static create(properties?: ferry.cache.v1.IVolumeList): ferry.cache.v1.VolumeList;
                public static encode(m: ferry.cache.v1.IVolumeList, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IVolumeList, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.VolumeList;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.VolumeList;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.VolumeList;
                public static toObject(m: ferry.cache.v1.VolumeList, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVolumeDeleted {
                iqn?: (string|null);
            }

            class VolumeDeleted implements IVolumeDeleted {
                constructor(p?: ferry.cache.v1.IVolumeDeleted);
                public iqn: string;
                public static create(properties?: ferry.cache.v1.IVolumeDeleted): ferry.cache.v1.VolumeDeleted;
                public static encode(m: ferry.cache.v1.IVolumeDeleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IVolumeDeleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.VolumeDeleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.VolumeDeleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.VolumeDeleted;
                public static toObject(m: ferry.cache.v1.VolumeDeleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWrittenChunks {
                iqn?: (string|null);
                lun?: (number|null);
                chunkSize?: (number|null);
                indexes?: (number[]|null);
                more?: (boolean|null);
                nextIndex?: (number|null);
                totalWritten?: (number|Long|null);
            }

            class WrittenChunks implements IWrittenChunks {
                constructor(p?: ferry.cache.v1.IWrittenChunks);
                public iqn: string;
                public lun: number;
                public chunkSize: number;
                public indexes: number[];
                public more: boolean;
                public nextIndex: number;
                public totalWritten: (number|Long);
                public static create(properties?: ferry.cache.v1.IWrittenChunks): ferry.cache.v1.WrittenChunks;
                public static encode(m: ferry.cache.v1.IWrittenChunks, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IWrittenChunks, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.WrittenChunks;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.WrittenChunks;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.WrittenChunks;
                public static toObject(m: ferry.cache.v1.WrittenChunks, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IMoveVolumeRequest {
                iqn?: (string|null);
                lun?: (number|null);
                vmName?: (string|null);
                datastore?: (string|null);
                resourcePool?: (string|null);
                folder?: (string|null);
                requestId?: (string|null);
            }

            class MoveVolumeRequest implements IMoveVolumeRequest {
                constructor(p?: ferry.cache.v1.IMoveVolumeRequest);
                public iqn: string;
                public lun: number;
                public vmName: string;
                public datastore: string;
                public resourcePool: string;
                public folder: string;
                public requestId: string;
                public static create(properties?: ferry.cache.v1.IMoveVolumeRequest): ferry.cache.v1.MoveVolumeRequest;
                public static encode(m: ferry.cache.v1.IMoveVolumeRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IMoveVolumeRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.MoveVolumeRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.MoveVolumeRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.MoveVolumeRequest;
                public static toObject(m: ferry.cache.v1.MoveVolumeRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVolumeMoved {
                iqn?: (string|null);
                lun?: (number|null);
                vm?: (string|null);
                diskPath?: (string|null);
                bytes?: (number|Long|null);
                seconds?: (number|null);
                chunksWrittenDuringMove?: (number|Long|null);
            }

            class VolumeMoved implements IVolumeMoved {
                constructor(p?: ferry.cache.v1.IVolumeMoved);
                public iqn: string;
                public lun: number;
                public vm: string;
                public diskPath: string;
                public bytes: (number|Long);
                public seconds: number;
                public chunksWrittenDuringMove: (number|Long);
                public static create(properties?: ferry.cache.v1.IVolumeMoved): ferry.cache.v1.VolumeMoved;
                public static encode(m: ferry.cache.v1.IVolumeMoved, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.cache.v1.IVolumeMoved, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.cache.v1.VolumeMoved;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.cache.v1.VolumeMoved;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.cache.v1.VolumeMoved;
                public static toObject(m: ferry.cache.v1.VolumeMoved, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace dataplane {

        namespace v1 {

            class BlockSource extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): BlockSource;
                public describe(request: ferry.dataplane.v1.IDescribeRequest, callback: ferry.dataplane.v1.BlockSource.DescribeCallback): void;
                public describe(request: ferry.dataplane.v1.IDescribeRequest): Promise<ferry.dataplane.v1.DiskDescription>;
                public readChunks(request: ferry.dataplane.v1.IReadChunksRequest, callback: ferry.dataplane.v1.BlockSource.ReadChunksCallback): void;
                public readChunks(request: ferry.dataplane.v1.IReadChunksRequest): Promise<ferry.dataplane.v1.SourceChunk>;
                public hashChunks(request: ferry.dataplane.v1.IReadChunksRequest, callback: ferry.dataplane.v1.BlockSource.HashChunksCallback): void;
                public hashChunks(request: ferry.dataplane.v1.IReadChunksRequest): Promise<ferry.dataplane.v1.ChunkHash>;
                public shipChunks(request: ferry.dataplane.v1.IShipControl, callback: ferry.dataplane.v1.BlockSource.ShipChunksCallback): void;
                public shipChunks(request: ferry.dataplane.v1.IShipControl): Promise<ferry.dataplane.v1.ShipReply>;
            }

            namespace BlockSource {

                type DescribeCallback = (error: (Error|null), response?: ferry.dataplane.v1.DiskDescription) => void;

                type ReadChunksCallback = (error: (Error|null), response?: ferry.dataplane.v1.SourceChunk) => void;

                type HashChunksCallback = (error: (Error|null), response?: ferry.dataplane.v1.ChunkHash) => void;

                type ShipChunksCallback = (error: (Error|null), response?: ferry.dataplane.v1.ShipReply) => void;
            }

            interface IDiskRef {
                locator?: (string|null);
            }

            class DiskRef implements IDiskRef {
                constructor(p?: ferry.dataplane.v1.IDiskRef);
                public locator: string;
                public static create(properties?: ferry.dataplane.v1.IDiskRef): ferry.dataplane.v1.DiskRef;
                public static encode(m: ferry.dataplane.v1.IDiskRef, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDiskRef, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DiskRef;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DiskRef;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DiskRef;
                public static toObject(m: ferry.dataplane.v1.DiskRef, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDescribeRequest {
                disk?: (ferry.dataplane.v1.IDiskRef|null);
            }

            class DescribeRequest implements IDescribeRequest {
                constructor(p?: ferry.dataplane.v1.IDescribeRequest);
                public disk?: (ferry.dataplane.v1.IDiskRef|null);
                public static create(properties?: ferry.dataplane.v1.IDescribeRequest): ferry.dataplane.v1.DescribeRequest;
                public static encode(m: ferry.dataplane.v1.IDescribeRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDescribeRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DescribeRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DescribeRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DescribeRequest;
                public static toObject(m: ferry.dataplane.v1.DescribeRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IExtent {
                offset?: (number|Long|null);
                length?: (number|Long|null);
                allocated?: (boolean|null);
                zero?: (boolean|null);
            }

            class Extent implements IExtent {
                constructor(p?: ferry.dataplane.v1.IExtent);
                public offset: (number|Long);
                public length: (number|Long);
                public allocated: boolean;
                public zero: boolean;
                public static create(properties?: ferry.dataplane.v1.IExtent): ferry.dataplane.v1.Extent;
                public static encode(m: ferry.dataplane.v1.IExtent, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IExtent, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.Extent;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.Extent;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.Extent;
                public static toObject(m: ferry.dataplane.v1.Extent, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDiskDescription {
                virtualSize?: (number|Long|null);
                extents?: (ferry.dataplane.v1.IExtent[]|null);
                format?: (string|null);
            }

            class DiskDescription implements IDiskDescription {
                constructor(p?: ferry.dataplane.v1.IDiskDescription);
                public virtualSize: (number|Long);
                public extents: ferry.dataplane.v1.IExtent[];
                public format: string;
                public static create(properties?: ferry.dataplane.v1.IDiskDescription): ferry.dataplane.v1.DiskDescription;
                public static encode(m: ferry.dataplane.v1.IDiskDescription, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDiskDescription, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DiskDescription;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DiskDescription;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DiskDescription;
                public static toObject(m: ferry.dataplane.v1.DiskDescription, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IIndexRange {
                first?: (number|null);
                last?: (number|null);
            }

            class IndexRange implements IIndexRange {
                constructor(p?: ferry.dataplane.v1.IIndexRange);
                public first: number;
                public last: number;
                public static create(properties?: ferry.dataplane.v1.IIndexRange): ferry.dataplane.v1.IndexRange;
                public static encode(m: ferry.dataplane.v1.IIndexRange, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IIndexRange, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.IndexRange;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.IndexRange;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.IndexRange;
                public static toObject(m: ferry.dataplane.v1.IndexRange, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IReadChunksRequest {
                disk?: (ferry.dataplane.v1.IDiskRef|null);
                chunkSize?: (number|null);
                ranges?: (ferry.dataplane.v1.IIndexRange[]|null);
                seal?: (ferry.dataplane.v1.ISealSpec|null);
                demand?: (boolean|null);
                spans?: (ferry.dataplane.v1.IChunkSpan[]|null);
            }

            class ReadChunksRequest implements IReadChunksRequest {
                constructor(p?: ferry.dataplane.v1.IReadChunksRequest);
                public disk?: (ferry.dataplane.v1.IDiskRef|null);
                public chunkSize: number;
                public ranges: ferry.dataplane.v1.IIndexRange[];
                public seal?: (ferry.dataplane.v1.ISealSpec|null);
                public demand: boolean;
                public spans: ferry.dataplane.v1.IChunkSpan[];
                public static create(properties?: ferry.dataplane.v1.IReadChunksRequest): ferry.dataplane.v1.ReadChunksRequest;
                public static encode(m: ferry.dataplane.v1.IReadChunksRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IReadChunksRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ReadChunksRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ReadChunksRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ReadChunksRequest;
                public static toObject(m: ferry.dataplane.v1.ReadChunksRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChunkSpan {
                index?: (number|null);
                start?: (number|null);
                length?: (number|null);
            }

            class ChunkSpan implements IChunkSpan {
                constructor(p?: ferry.dataplane.v1.IChunkSpan);
                public index: number;
                public start: number;
                public length: number;
                public static create(properties?: ferry.dataplane.v1.IChunkSpan): ferry.dataplane.v1.ChunkSpan;
                public static encode(m: ferry.dataplane.v1.IChunkSpan, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IChunkSpan, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ChunkSpan;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ChunkSpan;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ChunkSpan;
                public static toObject(m: ferry.dataplane.v1.ChunkSpan, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISealSpec {
                sessionKey?: (Uint8Array|null);
                migrationId?: (string|null);
                diskId?: (string|null);
                generation?: (number|null);
                sessionId?: (Uint8Array|null);
                salt?: (Uint8Array|null);
                firstCounter?: (number|Long|null);
                compression?: (string|null);
            }

            class SealSpec implements ISealSpec {
                constructor(p?: ferry.dataplane.v1.ISealSpec);
                public sessionKey: Uint8Array;
                public migrationId: string;
                public diskId: string;
                public generation: number;
                public sessionId: Uint8Array;
                public salt: Uint8Array;
                public firstCounter: (number|Long);
                public compression: string;
                public static create(properties?: ferry.dataplane.v1.ISealSpec): ferry.dataplane.v1.SealSpec;
                public static encode(m: ferry.dataplane.v1.ISealSpec, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ISealSpec, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.SealSpec;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.SealSpec;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.SealSpec;
                public static toObject(m: ferry.dataplane.v1.SealSpec, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISourceChunk {
                index?: (number|null);
                offset?: (number|Long|null);
                length?: (number|null);
                zero?: (boolean|null);
                data?: (Uint8Array|null);
                encoding?: (number|null);
                sha256?: (Uint8Array|null);
                sealed?: (Uint8Array|null);
                compressionLevel?: (number|null);
            }

            class SourceChunk implements ISourceChunk {
                constructor(p?: ferry.dataplane.v1.ISourceChunk);
                public index: number;
                public offset: (number|Long);
                public length: number;
                public zero: boolean;
                public data: Uint8Array;
                public encoding: number;
                public sha256: Uint8Array;
                public sealed: Uint8Array;
                public compressionLevel: number;
                public static create(properties?: ferry.dataplane.v1.ISourceChunk): ferry.dataplane.v1.SourceChunk;
                public static encode(m: ferry.dataplane.v1.ISourceChunk, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ISourceChunk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.SourceChunk;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.SourceChunk;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.SourceChunk;
                public static toObject(m: ferry.dataplane.v1.SourceChunk, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChunkHash {
                index?: (number|null);
                sha256?: (Uint8Array|null);
            }

            class ChunkHash implements IChunkHash {
                constructor(p?: ferry.dataplane.v1.IChunkHash);
                public index: number;
                public sha256: Uint8Array;
                public static create(properties?: ferry.dataplane.v1.IChunkHash): ferry.dataplane.v1.ChunkHash;
                public static encode(m: ferry.dataplane.v1.IChunkHash, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IChunkHash, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ChunkHash;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ChunkHash;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ChunkHash;
                public static toObject(m: ferry.dataplane.v1.ChunkHash, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipControl {
                start?: (ferry.dataplane.v1.IShipStart|null);
                grant?: (ferry.dataplane.v1.IShipGrant|null);
                read?: (ferry.dataplane.v1.IShipRead|null);
            }

            class ShipControl implements IShipControl {
                constructor(p?: ferry.dataplane.v1.IShipControl);
                public start?: (ferry.dataplane.v1.IShipStart|null);
                public grant?: (ferry.dataplane.v1.IShipGrant|null);
                public read?: (ferry.dataplane.v1.IShipRead|null);
                public body?: ("start"|"grant"|"read");
                public static create(properties?: ferry.dataplane.v1.IShipControl): ferry.dataplane.v1.ShipControl;
                public static encode(m: ferry.dataplane.v1.IShipControl, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipControl, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipControl;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipControl;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipControl;
                public static toObject(m: ferry.dataplane.v1.ShipControl, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipStart {
                read?: (ferry.dataplane.v1.IReadChunksRequest|null);
                receiverEndpoint?: (string|null);
                stripes?: (number|null);
                grpcStripes?: (boolean|null);
            }

            class ShipStart implements IShipStart {
                constructor(p?: ferry.dataplane.v1.IShipStart);
                public read?: (ferry.dataplane.v1.IReadChunksRequest|null);
                public receiverEndpoint: string;
                public stripes: number;
                public grpcStripes: boolean;
                public static create(properties?: ferry.dataplane.v1.IShipStart): ferry.dataplane.v1.ShipStart;
                public static encode(m: ferry.dataplane.v1.IShipStart, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipStart, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipStart;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipStart;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipStart;
                public static toObject(m: ferry.dataplane.v1.ShipStart, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipRead {
                read?: (ferry.dataplane.v1.IReadChunksRequest|null);
                stripes?: (number|null);
            }

            class ShipRead implements IShipRead {
                constructor(p?: ferry.dataplane.v1.IShipRead);
                public read?: (ferry.dataplane.v1.IReadChunksRequest|null);
                public stripes: number;
                public static create(properties?: ferry.dataplane.v1.IShipRead): ferry.dataplane.v1.ShipRead;
                public static encode(m: ferry.dataplane.v1.IShipRead, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipRead, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipRead;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipRead;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipRead;
                public static toObject(m: ferry.dataplane.v1.ShipRead, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipGrant {
                frames?: (number|null);
            }

            class ShipGrant implements IShipGrant {
                constructor(p?: ferry.dataplane.v1.IShipGrant);
                public frames: number;
                public static create(properties?: ferry.dataplane.v1.IShipGrant): ferry.dataplane.v1.ShipGrant;
                public static encode(m: ferry.dataplane.v1.IShipGrant, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipGrant, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipGrant;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipGrant;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipGrant;
                public static toObject(m: ferry.dataplane.v1.ShipGrant, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipReply {
                frame?: (ferry.dataplane.v1.IShippedFrame|null);
                closed?: (ferry.dataplane.v1.IShipClosed|null);
                ready?: (ferry.dataplane.v1.IShipReady|null);
                failed?: (ferry.dataplane.v1.IShipFailed|null);
            }

            class ShipReply implements IShipReply {
                constructor(p?: ferry.dataplane.v1.IShipReply);
                public frame?: (ferry.dataplane.v1.IShippedFrame|null);
                public closed?: (ferry.dataplane.v1.IShipClosed|null);
                public ready?: (ferry.dataplane.v1.IShipReady|null);
                public failed?: (ferry.dataplane.v1.IShipFailed|null);
                public body?: ("frame"|"closed"|"ready"|"failed");
                public static create(properties?: ferry.dataplane.v1.IShipReply): ferry.dataplane.v1.ShipReply;
                public static encode(m: ferry.dataplane.v1.IShipReply, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipReply, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipReply;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipReply;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipReply;
                public static toObject(m: ferry.dataplane.v1.ShipReply, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipFailed {
                code?: (number|null);
                details?: (string|null);
            }

            class ShipFailed implements IShipFailed {
                constructor(p?: ferry.dataplane.v1.IShipFailed);
                public code: number;
                public details: string;
                public static create(properties?: ferry.dataplane.v1.IShipFailed): ferry.dataplane.v1.ShipFailed;
                public static encode(m: ferry.dataplane.v1.IShipFailed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipFailed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipFailed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipFailed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipFailed;
                public static toObject(m: ferry.dataplane.v1.ShipFailed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipReady {
                stripes?: (number|null);
                unreachable?: (string|null);
            }

            class ShipReady implements IShipReady {
                constructor(p?: ferry.dataplane.v1.IShipReady);
                public stripes: number;
                public unreachable: string;
                public static create(properties?: ferry.dataplane.v1.IShipReady): ferry.dataplane.v1.ShipReady;
                public static encode(m: ferry.dataplane.v1.IShipReady, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipReady, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipReady;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipReady;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipReady;
                public static toObject(m: ferry.dataplane.v1.ShipReady, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShippedFrame {
                index?: (number|null);
                counter?: (number|Long|null);
                length?: (number|null);
                zero?: (boolean|null);
                sha256?: (Uint8Array|null);
                compressionLevel?: (number|null);
                ciphertextLength?: (number|null);
            }

            class ShippedFrame implements IShippedFrame {
                constructor(p?: ferry.dataplane.v1.IShippedFrame);
                public index: number;
                public counter: (number|Long);
                public length: number;
                public zero: boolean;
                public sha256: Uint8Array;
                public compressionLevel: number;
                public ciphertextLength: number;
                public static create(properties?: ferry.dataplane.v1.IShippedFrame): ferry.dataplane.v1.ShippedFrame;
                public static encode(m: ferry.dataplane.v1.IShippedFrame, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShippedFrame, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShippedFrame;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShippedFrame;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShippedFrame;
                public static toObject(m: ferry.dataplane.v1.ShippedFrame, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IShipClosed {
                framesPerStripe?: ((number|Long)[]|null);
            }

            class ShipClosed implements IShipClosed {
                constructor(p?: ferry.dataplane.v1.IShipClosed);
                public framesPerStripe: (number|Long)[];
                public static create(properties?: ferry.dataplane.v1.IShipClosed): ferry.dataplane.v1.ShipClosed;
                public static encode(m: ferry.dataplane.v1.IShipClosed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IShipClosed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ShipClosed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ShipClosed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ShipClosed;
                public static toObject(m: ferry.dataplane.v1.ShipClosed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            class DemandLane extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): DemandLane;
                public serve(request: ferry.dataplane.v1.IDemandAnswer, callback: ferry.dataplane.v1.DemandLane.ServeCallback): void;
                public serve(request: ferry.dataplane.v1.IDemandAnswer): Promise<ferry.dataplane.v1.DemandRequest>;
            }

            namespace DemandLane {

                type ServeCallback = (error: (Error|null), response?: ferry.dataplane.v1.DemandRequest) => void;
            }

            interface IDemandRequest {
                requestId?: (number|Long|null);
                migrationId?: (string|null);
                diskId?: (string|null);
                chunkSize?: (number|null);
                indexes?: (number[]|null);
                readAhead?: (boolean|null);
            }

            class DemandRequest implements IDemandRequest {
                constructor(p?: ferry.dataplane.v1.IDemandRequest);
                public requestId: (number|Long);
                public migrationId: string;
                public diskId: string;
                public chunkSize: number;
                public indexes: number[];
                public readAhead: boolean;
                public static create(properties?: ferry.dataplane.v1.IDemandRequest): ferry.dataplane.v1.DemandRequest;
                public static encode(m: ferry.dataplane.v1.IDemandRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDemandRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DemandRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DemandRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DemandRequest;
                public static toObject(m: ferry.dataplane.v1.DemandRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDemandHello {
                peer?: (string|null);
            }

            class DemandHello implements IDemandHello {
                constructor(p?: ferry.dataplane.v1.IDemandHello);
                public peer: string;
                public static create(properties?: ferry.dataplane.v1.IDemandHello): ferry.dataplane.v1.DemandHello;
                public static encode(m: ferry.dataplane.v1.IDemandHello, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDemandHello, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DemandHello;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DemandHello;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DemandHello;
                public static toObject(m: ferry.dataplane.v1.DemandHello, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDemandChunk {
                requestId?: (number|Long|null);
                session?: (ferry.dataplane.v1.ISessionOpen|null);
                sealed?: (Uint8Array|null);
            }

            class DemandChunk implements IDemandChunk {
                constructor(p?: ferry.dataplane.v1.IDemandChunk);
                public requestId: (number|Long);
                public session?: (ferry.dataplane.v1.ISessionOpen|null);
                public sealed: Uint8Array;
                public static create(properties?: ferry.dataplane.v1.IDemandChunk): ferry.dataplane.v1.DemandChunk;
                public static encode(m: ferry.dataplane.v1.IDemandChunk, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDemandChunk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DemandChunk;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DemandChunk;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DemandChunk;
                public static toObject(m: ferry.dataplane.v1.DemandChunk, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDemandError {
                requestId?: (number|Long|null);
                code?: (number|null);
                message?: (string|null);
            }

            class DemandError implements IDemandError {
                constructor(p?: ferry.dataplane.v1.IDemandError);
                public requestId: (number|Long);
                public code: number;
                public message: string;
                public static create(properties?: ferry.dataplane.v1.IDemandError): ferry.dataplane.v1.DemandError;
                public static encode(m: ferry.dataplane.v1.IDemandError, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDemandError, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DemandError;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DemandError;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DemandError;
                public static toObject(m: ferry.dataplane.v1.DemandError, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDemandDone {
                requestId?: (number|Long|null);
            }

            class DemandDone implements IDemandDone {
                constructor(p?: ferry.dataplane.v1.IDemandDone);
                public requestId: (number|Long);
                public static create(properties?: ferry.dataplane.v1.IDemandDone): ferry.dataplane.v1.DemandDone;
                public static encode(m: ferry.dataplane.v1.IDemandDone, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDemandDone, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DemandDone;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DemandDone;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DemandDone;
                public static toObject(m: ferry.dataplane.v1.DemandDone, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IDemandAnswer {
                hello?: (ferry.dataplane.v1.IDemandHello|null);
                chunk?: (ferry.dataplane.v1.IDemandChunk|null);
                error?: (ferry.dataplane.v1.IDemandError|null);
                done?: (ferry.dataplane.v1.IDemandDone|null);
            }

            class DemandAnswer implements IDemandAnswer {
                constructor(p?: ferry.dataplane.v1.IDemandAnswer);
                public hello?: (ferry.dataplane.v1.IDemandHello|null);
                public chunk?: (ferry.dataplane.v1.IDemandChunk|null);
                public error?: (ferry.dataplane.v1.IDemandError|null);
                public done?: (ferry.dataplane.v1.IDemandDone|null);
                public body?: ("hello"|"chunk"|"error"|"done");
                public static create(properties?: ferry.dataplane.v1.IDemandAnswer): ferry.dataplane.v1.DemandAnswer;
                public static encode(m: ferry.dataplane.v1.IDemandAnswer, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IDemandAnswer, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.DemandAnswer;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.DemandAnswer;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.DemandAnswer;
                public static toObject(m: ferry.dataplane.v1.DemandAnswer, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            class ChunkReceiver extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): ChunkReceiver;
                public transfer(request: ferry.dataplane.v1.ISenderMessage, callback: ferry.dataplane.v1.ChunkReceiver.TransferCallback): void;
                public transfer(request: ferry.dataplane.v1.ISenderMessage): Promise<ferry.dataplane.v1.ReceiverMessage>;
                public transferStripe(request: ferry.dataplane.v1.ISenderMessage, callback: ferry.dataplane.v1.ChunkReceiver.TransferStripeCallback): void;
                public transferStripe(request: ferry.dataplane.v1.ISenderMessage): Promise<ferry.dataplane.v1.StripeClosed>;
            }

            namespace ChunkReceiver {

                type TransferCallback = (error: (Error|null), response?: ferry.dataplane.v1.ReceiverMessage) => void;

                type TransferStripeCallback = (error: (Error|null), response?: ferry.dataplane.v1.StripeClosed) => void;
            }

            interface IStripeReply {
                closed?: (ferry.dataplane.v1.IStripeClosed|null);
                refused?: (ferry.dataplane.v1.IStripeRefused|null);
            }

            class StripeReply implements IStripeReply {
                constructor(p?: ferry.dataplane.v1.IStripeReply);
                public closed?: (ferry.dataplane.v1.IStripeClosed|null);
                public refused?: (ferry.dataplane.v1.IStripeRefused|null);
                public reply?: ("closed"|"refused");
                public static create(properties?: ferry.dataplane.v1.IStripeReply): ferry.dataplane.v1.StripeReply;
                public static encode(m: ferry.dataplane.v1.IStripeReply, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IStripeReply, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.StripeReply;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.StripeReply;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.StripeReply;
                public static toObject(m: ferry.dataplane.v1.StripeReply, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStripeRefused {
                code?: (number|null);
                details?: (string|null);
            }

            class StripeRefused implements IStripeRefused {
                constructor(p?: ferry.dataplane.v1.IStripeRefused);
                public code: number;
                public details: string;
                public static create(properties?: ferry.dataplane.v1.IStripeRefused): ferry.dataplane.v1.StripeRefused;
                public static encode(m: ferry.dataplane.v1.IStripeRefused, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IStripeRefused, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.StripeRefused;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.StripeRefused;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.StripeRefused;
                public static toObject(m: ferry.dataplane.v1.StripeRefused, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum TransferMode {
                TRANSFER_MODE_UNSPECIFIED = 0,
                TRANSFER_MODE_FULL = 1,
                TRANSFER_MODE_DELTA_CHANGED = 2,
                TRANSFER_MODE_DELTA_HASHES = 3
            }

            enum ChunkEncoding {
                CHUNK_ENCODING_UNSPECIFIED = 0,
                CHUNK_ENCODING_ZERO = 1,
                CHUNK_ENCODING_RAW = 2,
                CHUNK_ENCODING_ZSTD = 3
            }

            interface ISessionOpen {
                migrationId?: (string|null);
                diskId?: (string|null);
                generation?: (number|null);
                sessionId?: (Uint8Array|null);
                salt?: (Uint8Array|null);
                wrappedDataKey?: (Uint8Array|null);
                virtualSize?: (number|Long|null);
                chunkSize?: (number|null);
                targetPath?: (string|null);
                targetFormat?: (string|null);
                mode?: (ferry.dataplane.v1.TransferMode|null);
            }

            class SessionOpen implements ISessionOpen {
                constructor(p?: ferry.dataplane.v1.ISessionOpen);
                public migrationId: string;
                public diskId: string;
                public generation: number;
                public sessionId: Uint8Array;
                public salt: Uint8Array;
                public wrappedDataKey: Uint8Array;
                public virtualSize: (number|Long);
                public chunkSize: number;
                public targetPath: string;
                public targetFormat: string;
                public mode: ferry.dataplane.v1.TransferMode;
                public static create(properties?: ferry.dataplane.v1.ISessionOpen): ferry.dataplane.v1.SessionOpen;
                public static encode(m: ferry.dataplane.v1.ISessionOpen, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ISessionOpen, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.SessionOpen;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.SessionOpen;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.SessionOpen;
                public static toObject(m: ferry.dataplane.v1.SessionOpen, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChunkFrame {
                sessionId?: (Uint8Array|null);
                counter?: (number|Long|null);
                index?: (number|null);
                offset?: (number|Long|null);
                length?: (number|null);
                encoding?: (ferry.dataplane.v1.ChunkEncoding|null);
                plaintextSha256?: (Uint8Array|null);
                ciphertext?: (Uint8Array|null);
                tag?: (Uint8Array|null);
            }

            class ChunkFrame implements IChunkFrame {
                constructor(p?: ferry.dataplane.v1.IChunkFrame);
                public sessionId: Uint8Array;
                public counter: (number|Long);
                public index: number;
                public offset: (number|Long);
                public length: number;
                public encoding: ferry.dataplane.v1.ChunkEncoding;
                public plaintextSha256: Uint8Array;
                public ciphertext: Uint8Array;
                public tag: Uint8Array;
                public static create(properties?: ferry.dataplane.v1.IChunkFrame): ferry.dataplane.v1.ChunkFrame;
                public static encode(m: ferry.dataplane.v1.IChunkFrame, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IChunkFrame, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ChunkFrame;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ChunkFrame;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ChunkFrame;
                public static toObject(m: ferry.dataplane.v1.ChunkFrame, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFinalFrame {
                sessionId?: (Uint8Array|null);
                counter?: (number|Long|null);
                frames?: (number|Long|null);
                diskDigest?: (Uint8Array|null);
                tag?: (Uint8Array|null);
            }

            class FinalFrame implements IFinalFrame {
                constructor(p?: ferry.dataplane.v1.IFinalFrame);
                public sessionId: Uint8Array;
                public counter: (number|Long);
                public frames: (number|Long);
                public diskDigest: Uint8Array;
                public tag: Uint8Array;
                public static create(properties?: ferry.dataplane.v1.IFinalFrame): ferry.dataplane.v1.FinalFrame;
                public static encode(m: ferry.dataplane.v1.IFinalFrame, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IFinalFrame, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.FinalFrame;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.FinalFrame;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.FinalFrame;
                public static toObject(m: ferry.dataplane.v1.FinalFrame, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISenderMessage {
                open?: (ferry.dataplane.v1.ISessionOpen|null);
                chunk?: (ferry.dataplane.v1.IChunkFrame|null);
                final?: (ferry.dataplane.v1.IFinalFrame|null);
                stripe?: (ferry.dataplane.v1.IStripeOpen|null);
            }

            class SenderMessage implements ISenderMessage {
                constructor(p?: ferry.dataplane.v1.ISenderMessage);
                public open?: (ferry.dataplane.v1.ISessionOpen|null);
                public chunk?: (ferry.dataplane.v1.IChunkFrame|null);
                public final?: (ferry.dataplane.v1.IFinalFrame|null);
                public stripe?: (ferry.dataplane.v1.IStripeOpen|null);
                public body?: ("open"|"chunk"|"final"|"stripe");
                public static create(properties?: ferry.dataplane.v1.ISenderMessage): ferry.dataplane.v1.SenderMessage;
                public static encode(m: ferry.dataplane.v1.ISenderMessage, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ISenderMessage, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.SenderMessage;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.SenderMessage;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.SenderMessage;
                public static toObject(m: ferry.dataplane.v1.SenderMessage, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStripeOpen {
                sessionId?: (Uint8Array|null);
                stripe?: (number|null);
                ticket?: (Uint8Array|null);
            }

            class StripeOpen implements IStripeOpen {
                constructor(p?: ferry.dataplane.v1.IStripeOpen);
                public sessionId: Uint8Array;
                public stripe: number;
                public ticket: Uint8Array;
                public static create(properties?: ferry.dataplane.v1.IStripeOpen): ferry.dataplane.v1.StripeOpen;
                public static encode(m: ferry.dataplane.v1.IStripeOpen, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IStripeOpen, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.StripeOpen;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.StripeOpen;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.StripeOpen;
                public static toObject(m: ferry.dataplane.v1.StripeOpen, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStripeClosed {
                frames?: (number|Long|null);
            }

            class StripeClosed implements IStripeClosed {
                constructor(p?: ferry.dataplane.v1.IStripeClosed);
                public frames: (number|Long);
                public static create(properties?: ferry.dataplane.v1.IStripeClosed): ferry.dataplane.v1.StripeClosed;
                public static encode(m: ferry.dataplane.v1.IStripeClosed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IStripeClosed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.StripeClosed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.StripeClosed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.StripeClosed;
                public static toObject(m: ferry.dataplane.v1.StripeClosed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISessionAccepted {
                verifiedBitmap?: (Uint8Array|null);
                chunkHashes?: (Uint8Array|null);
                credits?: (number|null);
                stripes?: (number|null);
            }

            class SessionAccepted implements ISessionAccepted {
                constructor(p?: ferry.dataplane.v1.ISessionAccepted);
                public verifiedBitmap: Uint8Array;
                public chunkHashes: Uint8Array;
                public credits: number;
                public stripes: number;
                public static create(properties?: ferry.dataplane.v1.ISessionAccepted): ferry.dataplane.v1.SessionAccepted;
                public static encode(m: ferry.dataplane.v1.ISessionAccepted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ISessionAccepted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.SessionAccepted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.SessionAccepted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.SessionAccepted;
                public static toObject(m: ferry.dataplane.v1.SessionAccepted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChunkAck {
                indexes?: (number[]|null);
                credits?: (number|null);
            }

            class ChunkAck implements IChunkAck {
                constructor(p?: ferry.dataplane.v1.IChunkAck);
                public indexes: number[];
                public credits: number;
                public static create(properties?: ferry.dataplane.v1.IChunkAck): ferry.dataplane.v1.ChunkAck;
                public static encode(m: ferry.dataplane.v1.IChunkAck, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IChunkAck, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ChunkAck;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ChunkAck;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ChunkAck;
                public static toObject(m: ferry.dataplane.v1.ChunkAck, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITransferCompleted {
                diskDigest?: (Uint8Array|null);
                chunksVerified?: (number|Long|null);
                duplicateFrames?: (number|Long|null);
            }

            class TransferCompleted implements ITransferCompleted {
                constructor(p?: ferry.dataplane.v1.ITransferCompleted);
                public diskDigest: Uint8Array;
                public chunksVerified: (number|Long);
                public duplicateFrames: (number|Long);
                public static create(properties?: ferry.dataplane.v1.ITransferCompleted): ferry.dataplane.v1.TransferCompleted;
                public static encode(m: ferry.dataplane.v1.ITransferCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ITransferCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.TransferCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.TransferCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.TransferCompleted;
                public static toObject(m: ferry.dataplane.v1.TransferCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface INoSpace {
                path?: (string|null);
                datastore?: (string|null);
                neededBytes?: (number|Long|null);
                freeBytes?: (number|Long|null);
                code?: (string|null);
            }

            class NoSpace implements INoSpace {
                constructor(p?: ferry.dataplane.v1.INoSpace);
                public path: string;
                public datastore: string;
                public neededBytes: (number|Long);
                public freeBytes: (number|Long);
                public code: string;
                public static create(properties?: ferry.dataplane.v1.INoSpace): ferry.dataplane.v1.NoSpace;
                public static encode(m: ferry.dataplane.v1.INoSpace, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.INoSpace, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.NoSpace;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.NoSpace;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.NoSpace;
                public static toObject(m: ferry.dataplane.v1.NoSpace, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IReceiverMessage {
                accepted?: (ferry.dataplane.v1.ISessionAccepted|null);
                ack?: (ferry.dataplane.v1.IChunkAck|null);
                completed?: (ferry.dataplane.v1.ITransferCompleted|null);
                noSpace?: (ferry.dataplane.v1.INoSpace|null);
            }

            class ReceiverMessage implements IReceiverMessage {
                constructor(p?: ferry.dataplane.v1.IReceiverMessage);
                public accepted?: (ferry.dataplane.v1.ISessionAccepted|null);
                public ack?: (ferry.dataplane.v1.IChunkAck|null);
                public completed?: (ferry.dataplane.v1.ITransferCompleted|null);
                public noSpace?: (ferry.dataplane.v1.INoSpace|null);
                public body?: ("accepted"|"ack"|"completed"|"noSpace");
                public static create(properties?: ferry.dataplane.v1.IReceiverMessage): ferry.dataplane.v1.ReceiverMessage;
                public static encode(m: ferry.dataplane.v1.IReceiverMessage, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IReceiverMessage, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ReceiverMessage;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ReceiverMessage;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ReceiverMessage;
                public static toObject(m: ferry.dataplane.v1.ReceiverMessage, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            class Shipper extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): Shipper;
                public startTransfer(request: ferry.dataplane.v1.IStartTransferRequest, callback: ferry.dataplane.v1.Shipper.StartTransferCallback): void;
                public startTransfer(request: ferry.dataplane.v1.IStartTransferRequest): Promise<ferry.dataplane.v1.TransferStatus>;
                public getTransfer(request: ferry.dataplane.v1.IGetTransferRequest, callback: ferry.dataplane.v1.Shipper.GetTransferCallback): void;
                public getTransfer(request: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.TransferStatus>;
                public watchTransfers(request: ferry.dataplane.v1.IWatchTransfersRequest, callback: ferry.dataplane.v1.Shipper.WatchTransfersCallback): void;
                public watchTransfers(request: ferry.dataplane.v1.IWatchTransfersRequest): Promise<ferry.dataplane.v1.TransferStatuses>;
                public cancelTransfer(request: ferry.dataplane.v1.IGetTransferRequest, callback: ferry.dataplane.v1.Shipper.CancelTransferCallback): void;
                public cancelTransfer(request: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.TransferStatus>;
                public exposeDisk(request: ferry.dataplane.v1.IExposeDiskRequest, callback: ferry.dataplane.v1.Shipper.ExposeDiskCallback): void;
                public exposeDisk(request: ferry.dataplane.v1.IExposeDiskRequest): Promise<ferry.dataplane.v1.ExposedDisk>;
                public concealDisk(request: ferry.dataplane.v1.IGetTransferRequest, callback: ferry.dataplane.v1.Shipper.ConcealDiskCallback): void;
                public concealDisk(request: ferry.dataplane.v1.IGetTransferRequest): Promise<ferry.dataplane.v1.ExposedDisk>;
            }

            namespace Shipper {

                type StartTransferCallback = (error: (Error|null), response?: ferry.dataplane.v1.TransferStatus) => void;

                type GetTransferCallback = (error: (Error|null), response?: ferry.dataplane.v1.TransferStatus) => void;

                type WatchTransfersCallback = (error: (Error|null), response?: ferry.dataplane.v1.TransferStatuses) => void;

                type CancelTransferCallback = (error: (Error|null), response?: ferry.dataplane.v1.TransferStatus) => void;

                type ExposeDiskCallback = (error: (Error|null), response?: ferry.dataplane.v1.ExposedDisk) => void;

                type ConcealDiskCallback = (error: (Error|null), response?: ferry.dataplane.v1.ExposedDisk) => void;
            }

            interface IExposeDiskRequest {
                migrationId?: (string|null);
                diskId?: (string|null);
                sourceEndpoint?: (string|null);
                sourceLocator?: (string|null);
                targetEndpoint?: (string|null);
            }

            class ExposeDiskRequest implements IExposeDiskRequest {
                constructor(p?: ferry.dataplane.v1.IExposeDiskRequest);
                public migrationId: string;
                public diskId: string;
                public sourceEndpoint: string;
                public sourceLocator: string;
                public targetEndpoint: string;
                public static create(properties?: ferry.dataplane.v1.IExposeDiskRequest): ferry.dataplane.v1.ExposeDiskRequest;
                public static encode(m: ferry.dataplane.v1.IExposeDiskRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IExposeDiskRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ExposeDiskRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ExposeDiskRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ExposeDiskRequest;
                public static toObject(m: ferry.dataplane.v1.ExposeDiskRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IExposedDisk {
                migrationId?: (string|null);
                diskId?: (string|null);
                virtualSize?: (number|Long|null);
                exposed?: (boolean|null);
                chunksServed?: (number|Long|null);
                bytesServed?: (number|Long|null);
            }

            class ExposedDisk implements IExposedDisk {
                constructor(p?: ferry.dataplane.v1.IExposedDisk);
                public migrationId: string;
                public diskId: string;
                public virtualSize: (number|Long);
                public exposed: boolean;
                public chunksServed: (number|Long);
                public bytesServed: (number|Long);
                public static create(properties?: ferry.dataplane.v1.IExposedDisk): ferry.dataplane.v1.ExposedDisk;
                public static encode(m: ferry.dataplane.v1.IExposedDisk, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IExposedDisk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ExposedDisk;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ExposedDisk;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ExposedDisk;
                public static toObject(m: ferry.dataplane.v1.ExposedDisk, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IWatchTransfersRequest {
                intervalMs?: (number|null);
            }

            class WatchTransfersRequest implements IWatchTransfersRequest {
                constructor(p?: ferry.dataplane.v1.IWatchTransfersRequest);
                public intervalMs: number;
                public static create(properties?: ferry.dataplane.v1.IWatchTransfersRequest): ferry.dataplane.v1.WatchTransfersRequest;
                public static encode(m: ferry.dataplane.v1.IWatchTransfersRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IWatchTransfersRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.WatchTransfersRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.WatchTransfersRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.WatchTransfersRequest;
                public static toObject(m: ferry.dataplane.v1.WatchTransfersRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITransferStatuses {
                snapshot?: (boolean|null);
                statuses?: (ferry.dataplane.v1.ITransferStatus[]|null);
                intervalMs?: (number|null);
            }

            class TransferStatuses implements ITransferStatuses {
                constructor(p?: ferry.dataplane.v1.ITransferStatuses);
                public snapshot: boolean;
                public statuses: ferry.dataplane.v1.ITransferStatus[];
                public intervalMs: number;
                public static create(properties?: ferry.dataplane.v1.ITransferStatuses): ferry.dataplane.v1.TransferStatuses;
                public static encode(m: ferry.dataplane.v1.ITransferStatuses, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ITransferStatuses, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.TransferStatuses;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.TransferStatuses;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.TransferStatuses;
                public static toObject(m: ferry.dataplane.v1.TransferStatuses, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStartTransferRequest {
                migrationId?: (string|null);
                diskId?: (string|null);
                generation?: (number|null);
                sourceEndpoint?: (string|null);
                sourceLocator?: (string|null);
                targetEndpoint?: (string|null);
                targetPath?: (string|null);
                mode?: (ferry.dataplane.v1.TransferMode|null);
                changedChunks?: (number[]|null);
                chunkSize?: (number|null);
                rehashSource?: (boolean|null);
                maxBytesPerSecond?: (number|Long|null);
                targetFormat?: (string|null);
                changedAreas?: (ferry.dataplane.v1.IChangedArea[]|null);
            }

            class StartTransferRequest implements IStartTransferRequest {
                constructor(p?: ferry.dataplane.v1.IStartTransferRequest);
                public migrationId: string;
                public diskId: string;
                public generation: number;
                public sourceEndpoint: string;
                public sourceLocator: string;
                public targetEndpoint: string;
                public targetPath: string;
                public mode: ferry.dataplane.v1.TransferMode;
                public changedChunks: number[];
                public chunkSize: number;
                public rehashSource: boolean;
                public maxBytesPerSecond: (number|Long);
                public targetFormat: string;
                public changedAreas: ferry.dataplane.v1.IChangedArea[];
                public static create(properties?: ferry.dataplane.v1.IStartTransferRequest): ferry.dataplane.v1.StartTransferRequest;
                public static encode(m: ferry.dataplane.v1.IStartTransferRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IStartTransferRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.StartTransferRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.StartTransferRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.StartTransferRequest;
                public static toObject(m: ferry.dataplane.v1.StartTransferRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IChangedArea {
                offset?: (number|Long|null);
                length?: (number|Long|null);
            }

            class ChangedArea implements IChangedArea {
                constructor(p?: ferry.dataplane.v1.IChangedArea);
                public offset: (number|Long);
                public length: (number|Long);
                public static create(properties?: ferry.dataplane.v1.IChangedArea): ferry.dataplane.v1.ChangedArea;
                public static encode(m: ferry.dataplane.v1.IChangedArea, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IChangedArea, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.ChangedArea;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.ChangedArea;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.ChangedArea;
                public static toObject(m: ferry.dataplane.v1.ChangedArea, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetTransferRequest {
                migrationId?: (string|null);
                diskId?: (string|null);
                generation?: (number|null);
            }

            class GetTransferRequest implements IGetTransferRequest {
                constructor(p?: ferry.dataplane.v1.IGetTransferRequest);
                public migrationId: string;
                public diskId: string;
                public generation: number;
                public static create(properties?: ferry.dataplane.v1.IGetTransferRequest): ferry.dataplane.v1.GetTransferRequest;
                public static encode(m: ferry.dataplane.v1.IGetTransferRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.IGetTransferRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.GetTransferRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.GetTransferRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.GetTransferRequest;
                public static toObject(m: ferry.dataplane.v1.GetTransferRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum TransferState {
                TRANSFER_STATE_UNSPECIFIED = 0,
                TRANSFER_STATE_RUNNING = 1,
                TRANSFER_STATE_COMPLETED = 2,
                TRANSFER_STATE_FAILED = 3,
                TRANSFER_STATE_CANCELLED = 4
            }

            interface ITransferStatus {
                migrationId?: (string|null);
                diskId?: (string|null);
                generation?: (number|null);
                state?: (ferry.dataplane.v1.TransferState|null);
                chunksTotal?: (number|Long|null);
                framesSent?: (number|Long|null);
                chunksSent?: (number|Long|null);
                wireBytes?: (number|Long|null);
                sessions?: (number|null);
                error?: (string|null);
                diskDigest?: (Uint8Array|null);
                maxBytesPerSecond?: (number|Long|null);
                waitingReason?: (string|null);
                spaceNeededBytes?: (number|Long|null);
                chunksVerified?: (number|Long|null);
                bytesVerified?: (number|Long|null);
                zeroChunks?: (number|Long|null);
                zeroBytes?: (number|Long|null);
                chunksUnchanged?: (number|Long|null);
                bytesUnchanged?: (number|Long|null);
                sourceBytesRead?: (number|Long|null);
                verifiedOffset?: (number|Long|null);
                virtualSize?: (number|Long|null);
                compression?: (string|null);
                compressionLevel?: (number|null);
                chunksPerLevel?: (ferry.dataplane.v1.ICompressionLevelCount[]|null);
                compressionSourceBytes?: (number|Long|null);
                compressionPayloadBytes?: (number|Long|null);
                compressionRatio?: (number|null);
                replica?: (string|null);
                completedAtMs?: (number|Long|null);
            }

            class TransferStatus implements ITransferStatus {
                constructor(p?: ferry.dataplane.v1.ITransferStatus);
                public migrationId: string;
                public diskId: string;
                public generation: number;
                public state: ferry.dataplane.v1.TransferState;
                public chunksTotal: (number|Long);
                public framesSent: (number|Long);
                public chunksSent: (number|Long);
                public wireBytes: (number|Long);
                public sessions: number;
                public error: string;
                public diskDigest: Uint8Array;
                public maxBytesPerSecond: (number|Long);
                public waitingReason: string;
                public spaceNeededBytes: (number|Long);
                public chunksVerified: (number|Long);
                public bytesVerified: (number|Long);
                public zeroChunks: (number|Long);
                public zeroBytes: (number|Long);
                public chunksUnchanged: (number|Long);
                public bytesUnchanged: (number|Long);
                public sourceBytesRead: (number|Long);
                public verifiedOffset: (number|Long);
                public virtualSize: (number|Long);
                public compression: string;
                public compressionLevel: number;
                public chunksPerLevel: ferry.dataplane.v1.ICompressionLevelCount[];
                public compressionSourceBytes: (number|Long);
                public compressionPayloadBytes: (number|Long);
                public compressionRatio: number;
                public replica: string;
                public completedAtMs: (number|Long);
                public static create(properties?: ferry.dataplane.v1.ITransferStatus): ferry.dataplane.v1.TransferStatus;
                public static encode(m: ferry.dataplane.v1.ITransferStatus, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ITransferStatus, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.TransferStatus;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.TransferStatus;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.TransferStatus;
                public static toObject(m: ferry.dataplane.v1.TransferStatus, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICompressionLevelCount {
                level?: (number|null);
                chunks?: (number|Long|null);
            }

            class CompressionLevelCount implements ICompressionLevelCount {
                constructor(p?: ferry.dataplane.v1.ICompressionLevelCount);
                public level: number;
                public chunks: (number|Long);
                public static create(properties?: ferry.dataplane.v1.ICompressionLevelCount): ferry.dataplane.v1.CompressionLevelCount;
                public static encode(m: ferry.dataplane.v1.ICompressionLevelCount, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.dataplane.v1.ICompressionLevelCount, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.dataplane.v1.CompressionLevelCount;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.dataplane.v1.CompressionLevelCount;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.dataplane.v1.CompressionLevelCount;
                public static toObject(m: ferry.dataplane.v1.CompressionLevelCount, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace eventstore {

        namespace v1 {

            interface IEventMetadata {
                actor?: (string|null);
                commandId?: (string|null);
                traceId?: (string|null);
                occurredAtUnixMillis?: (number|Long|null);
                aggregate?: (string|null);
                aggregateId?: (string|null);
                prevHash?: (Uint8Array|null);
            }

            class EventMetadata implements IEventMetadata {
                constructor(p?: ferry.eventstore.v1.IEventMetadata);
                public actor: string;
                public commandId: string;
                public traceId: string;
                public occurredAtUnixMillis: (number|Long);
                public aggregate: string;
                public aggregateId: string;
                public prevHash: Uint8Array;
                public static create(properties?: ferry.eventstore.v1.IEventMetadata): ferry.eventstore.v1.EventMetadata;
                public static encode(m: ferry.eventstore.v1.IEventMetadata, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.eventstore.v1.IEventMetadata, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.eventstore.v1.EventMetadata;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.eventstore.v1.EventMetadata;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.eventstore.v1.EventMetadata;
                public static toObject(m: ferry.eventstore.v1.EventMetadata, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IStoredEvent {
                type?: (string|null);
                payload?: (Uint8Array|null);
                metadata?: (ferry.eventstore.v1.IEventMetadata|null);
                hash?: (Uint8Array|null);
            }

            class StoredEvent implements IStoredEvent {
                constructor(p?: ferry.eventstore.v1.IStoredEvent);
                public type: string;
                public payload: Uint8Array;
                public metadata?: (ferry.eventstore.v1.IEventMetadata|null);
                public hash: Uint8Array;
                public static create(properties?: ferry.eventstore.v1.IStoredEvent): ferry.eventstore.v1.StoredEvent;
                public static encode(m: ferry.eventstore.v1.IStoredEvent, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.eventstore.v1.IStoredEvent, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.eventstore.v1.StoredEvent;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.eventstore.v1.StoredEvent;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.eventstore.v1.StoredEvent;
                public static toObject(m: ferry.eventstore.v1.StoredEvent, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IEventBatch {
                format?: (number|null);
                events?: (ferry.eventstore.v1.IStoredEvent[]|null);
            }

            class EventBatch implements IEventBatch {
                constructor(p?: ferry.eventstore.v1.IEventBatch);
                public format: number;
                public events: ferry.eventstore.v1.IStoredEvent[];
                public static create(properties?: ferry.eventstore.v1.IEventBatch): ferry.eventstore.v1.EventBatch;
                public static encode(m: ferry.eventstore.v1.IEventBatch, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.eventstore.v1.IEventBatch, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.eventstore.v1.EventBatch;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.eventstore.v1.EventBatch;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.eventstore.v1.EventBatch;
                public static toObject(m: ferry.eventstore.v1.EventBatch, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace guestprep {

        namespace v1 {

            interface IVsphereGuestChannel {
                vmMoref?: (string|null);
                guestUser?: (string|null);
                guestPassword?: (string|null);
            }

            class VsphereGuestChannel implements IVsphereGuestChannel {
                constructor(p?: ferry.guestprep.v1.IVsphereGuestChannel);
                public vmMoref: string;
                public guestUser: string;
                public guestPassword: string;
                public static create(properties?: ferry.guestprep.v1.IVsphereGuestChannel): ferry.guestprep.v1.VsphereGuestChannel;
                public static encode(m: ferry.guestprep.v1.IVsphereGuestChannel, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IVsphereGuestChannel, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.VsphereGuestChannel;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.VsphereGuestChannel;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.VsphereGuestChannel;
                public static toObject(m: ferry.guestprep.v1.VsphereGuestChannel, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ISshGuestChannel {
                host?: (string|null);
                port?: (number|null);
                user?: (string|null);
                identityFile?: (string|null);
                useSudo?: (boolean|null);
            }

            class SshGuestChannel implements ISshGuestChannel {
                constructor(p?: ferry.guestprep.v1.ISshGuestChannel);
                public host: string;
                public port: number;
                public user: string;
                public identityFile: string;
                public useSudo: boolean;
                public static create(properties?: ferry.guestprep.v1.ISshGuestChannel): ferry.guestprep.v1.SshGuestChannel;
                public static encode(m: ferry.guestprep.v1.ISshGuestChannel, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.ISshGuestChannel, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.SshGuestChannel;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.SshGuestChannel;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.SshGuestChannel;
                public static toObject(m: ferry.guestprep.v1.SshGuestChannel, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IOfflineGuestChannel {
                root?: (string|null);
            }

            class OfflineGuestChannel implements IOfflineGuestChannel {
                constructor(p?: ferry.guestprep.v1.IOfflineGuestChannel);
                public root: string;
                public static create(properties?: ferry.guestprep.v1.IOfflineGuestChannel): ferry.guestprep.v1.OfflineGuestChannel;
                public static encode(m: ferry.guestprep.v1.IOfflineGuestChannel, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IOfflineGuestChannel, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.OfflineGuestChannel;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.OfflineGuestChannel;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.OfflineGuestChannel;
                public static toObject(m: ferry.guestprep.v1.OfflineGuestChannel, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IIscsiBootParams {
                targetIp?: (string|null);
                targetPort?: (number|null);
                targetIqn?: (string|null);
                initiatorIqn?: (string|null);
            }

            class IscsiBootParams implements IIscsiBootParams {
                constructor(p?: ferry.guestprep.v1.IIscsiBootParams);
                public targetIp: string;
                public targetPort: number;
                public targetIqn: string;
                public initiatorIqn: string;
                public static create(properties?: ferry.guestprep.v1.IIscsiBootParams): ferry.guestprep.v1.IscsiBootParams;
                public static encode(m: ferry.guestprep.v1.IIscsiBootParams, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IIscsiBootParams, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.IscsiBootParams;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.IscsiBootParams;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.IscsiBootParams;
                public static toObject(m: ferry.guestprep.v1.IscsiBootParams, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPrepareVm {
                commandId?: (string|null);
                prepId?: (string|null);
                vmId?: (string|null);
                actor?: (ferry.common.v1.IActor|null);
                vsphere?: (ferry.guestprep.v1.IVsphereGuestChannel|null);
                ssh?: (ferry.guestprep.v1.ISshGuestChannel|null);
                offline?: (ferry.guestprep.v1.IOfflineGuestChannel|null);
                osFamily?: (string|null);
                undo?: (boolean|null);
                iscsi?: (ferry.guestprep.v1.IIscsiBootParams|null);
            }

            class PrepareVm implements IPrepareVm {
                constructor(p?: ferry.guestprep.v1.IPrepareVm);
                public commandId: string;
                public prepId: string;
                public vmId: string;
                public actor?: (ferry.common.v1.IActor|null);
                public vsphere?: (ferry.guestprep.v1.IVsphereGuestChannel|null);
                public ssh?: (ferry.guestprep.v1.ISshGuestChannel|null);
                public offline?: (ferry.guestprep.v1.IOfflineGuestChannel|null);
                public osFamily: string;
                public undo: boolean;
                public iscsi?: (ferry.guestprep.v1.IIscsiBootParams|null);
                public channel?: ("vsphere"|"ssh"|"offline");
                public static create(properties?: ferry.guestprep.v1.IPrepareVm): ferry.guestprep.v1.PrepareVm;
                public static encode(m: ferry.guestprep.v1.IPrepareVm, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IPrepareVm, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.PrepareVm;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.PrepareVm;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.PrepareVm;
                public static toObject(m: ferry.guestprep.v1.PrepareVm, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPrepareVmReply {
                ok?: (boolean|null);
                resultJson?: (string|null);
            }

            class PrepareVmReply implements IPrepareVmReply {
                constructor(p?: ferry.guestprep.v1.IPrepareVmReply);
                public ok: boolean;
                public resultJson: string;
                public static create(properties?: ferry.guestprep.v1.IPrepareVmReply): ferry.guestprep.v1.PrepareVmReply;
                public static encode(m: ferry.guestprep.v1.IPrepareVmReply, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IPrepareVmReply, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.PrepareVmReply;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.PrepareVmReply;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.PrepareVmReply;
                public static toObject(m: ferry.guestprep.v1.PrepareVmReply, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface INicMapping {
                sourceMac?: (string|null);
                targetMac?: (string|null);
                targetName?: (string|null);
                addresses?: (string[]|null);
                gateway?: (string|null);
                method?: (string|null);
                sourceName?: (string|null);
            }

            class NicMapping implements INicMapping {
                constructor(p?: ferry.guestprep.v1.INicMapping);
                public sourceMac: string;
                public targetMac: string;
                public targetName: string;
                public addresses: string[];
                public gateway: string;
                public method: string;
                public sourceName: string;
                public static create(properties?: ferry.guestprep.v1.INicMapping): ferry.guestprep.v1.NicMapping;
                public static encode(m: ferry.guestprep.v1.INicMapping, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.INicMapping, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.NicMapping;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.NicMapping;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.NicMapping;
                public static toObject(m: ferry.guestprep.v1.NicMapping, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixUpReplica {
                commandId?: (string|null);
                fixupId?: (string|null);
                vmId?: (string|null);
                actor?: (ferry.common.v1.IActor|null);
                root?: (string|null);
                targetPlatform?: (string|null);
                nics?: (ferry.guestprep.v1.INicMapping[]|null);
                deviceUuids?: ({ [k: string]: string }|null);
                networkJson?: (string|null);
            }

            class FixUpReplica implements IFixUpReplica {
                constructor(p?: ferry.guestprep.v1.IFixUpReplica);
                public commandId: string;
                public fixupId: string;
                public vmId: string;
                public actor?: (ferry.common.v1.IActor|null);
                public root: string;
                public targetPlatform: string;
                public nics: ferry.guestprep.v1.INicMapping[];
                public deviceUuids: { [k: string]: string };
                public networkJson: string;
                public static create(properties?: ferry.guestprep.v1.IFixUpReplica): ferry.guestprep.v1.FixUpReplica;
                public static encode(m: ferry.guestprep.v1.IFixUpReplica, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixUpReplica, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixUpReplica;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixUpReplica;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixUpReplica;
                public static toObject(m: ferry.guestprep.v1.FixUpReplica, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixUpReplicaReply {
                ok?: (boolean|null);
                resultJson?: (string|null);
            }

            class FixUpReplicaReply implements IFixUpReplicaReply {
                constructor(p?: ferry.guestprep.v1.IFixUpReplicaReply);
                public ok: boolean;
                public resultJson: string;
                public static create(properties?: ferry.guestprep.v1.IFixUpReplicaReply): ferry.guestprep.v1.FixUpReplicaReply;
                public static encode(m: ferry.guestprep.v1.IFixUpReplicaReply, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixUpReplicaReply, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixUpReplicaReply;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixUpReplicaReply;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixUpReplicaReply;
                public static toObject(m: ferry.guestprep.v1.FixUpReplicaReply, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IReplicaNic {
                mac?: (string|null);
                targetNetwork?: (string|null);
                addresses?: (string[]|null);
                gateway?: (string|null);
                method?: (string|null);
            }

            class ReplicaNic implements IReplicaNic {
                constructor(p?: ferry.guestprep.v1.IReplicaNic);
                public mac: string;
                public targetNetwork: string;
                public addresses: string[];
                public gateway: string;
                public method: string;
                public static create(properties?: ferry.guestprep.v1.IReplicaNic): ferry.guestprep.v1.ReplicaNic;
                public static encode(m: ferry.guestprep.v1.IReplicaNic, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IReplicaNic, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.ReplicaNic;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.ReplicaNic;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.ReplicaNic;
                public static toObject(m: ferry.guestprep.v1.ReplicaNic, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixUpReplicaDisks {
                commandId?: (string|null);
                fixupId?: (string|null);
                vmId?: (string|null);
                actor?: (ferry.common.v1.IActor|null);
                diskImages?: (string[]|null);
                targetPlatform?: (string|null);
                nics?: (ferry.guestprep.v1.IReplicaNic[]|null);
                networkJson?: (string|null);
            }

            class FixUpReplicaDisks implements IFixUpReplicaDisks {
                constructor(p?: ferry.guestprep.v1.IFixUpReplicaDisks);
                public commandId: string;
                public fixupId: string;
                public vmId: string;
                public actor?: (ferry.common.v1.IActor|null);
                public diskImages: string[];
                public targetPlatform: string;
                public nics: ferry.guestprep.v1.IReplicaNic[];
                public networkJson: string;
                public static create(properties?: ferry.guestprep.v1.IFixUpReplicaDisks): ferry.guestprep.v1.FixUpReplicaDisks;
                public static encode(m: ferry.guestprep.v1.IFixUpReplicaDisks, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixUpReplicaDisks, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixUpReplicaDisks;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixUpReplicaDisks;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixUpReplicaDisks;
                public static toObject(m: ferry.guestprep.v1.FixUpReplicaDisks, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRestorePremDisks {
                commandId?: (string|null);
                restoreId?: (string|null);
                vmId?: (string|null);
                actor?: (ferry.common.v1.IActor|null);
                diskImages?: (string[]|null);
                networkFiles?: ({ [k: string]: string }|null);
                undoPrep?: (boolean|null);
            }

            class RestorePremDisks implements IRestorePremDisks {
                constructor(p?: ferry.guestprep.v1.IRestorePremDisks);
                public commandId: string;
                public restoreId: string;
                public vmId: string;
                public actor?: (ferry.common.v1.IActor|null);
                public diskImages: string[];
                public networkFiles: { [k: string]: string };
                public undoPrep: boolean;
                public static create(properties?: ferry.guestprep.v1.IRestorePremDisks): ferry.guestprep.v1.RestorePremDisks;
                public static encode(m: ferry.guestprep.v1.IRestorePremDisks, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IRestorePremDisks, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.RestorePremDisks;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.RestorePremDisks;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.RestorePremDisks;
                public static toObject(m: ferry.guestprep.v1.RestorePremDisks, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixupStepResult {
                step?: (string|null);
                status?: (string|null);
                message?: (string|null);
            }

            class FixupStepResult implements IFixupStepResult {
                constructor(p?: ferry.guestprep.v1.IFixupStepResult);
                public step: string;
                public status: string;
                public message: string;
                public static create(properties?: ferry.guestprep.v1.IFixupStepResult): ferry.guestprep.v1.FixupStepResult;
                public static encode(m: ferry.guestprep.v1.IFixupStepResult, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixupStepResult, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixupStepResult;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixupStepResult;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixupStepResult;
                public static toObject(m: ferry.guestprep.v1.FixupStepResult, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixUpReplicaDisksReply {
                ok?: (boolean|null);
                skipped?: (boolean|null);
                steps?: (ferry.guestprep.v1.IFixupStepResult[]|null);
                message?: (string|null);
                resultJson?: (string|null);
            }

            class FixUpReplicaDisksReply implements IFixUpReplicaDisksReply {
                constructor(p?: ferry.guestprep.v1.IFixUpReplicaDisksReply);
                public ok: boolean;
                public skipped: boolean;
                public steps: ferry.guestprep.v1.IFixupStepResult[];
                public message: string;
                public resultJson: string;
                public static create(properties?: ferry.guestprep.v1.IFixUpReplicaDisksReply): ferry.guestprep.v1.FixUpReplicaDisksReply;
                public static encode(m: ferry.guestprep.v1.IFixUpReplicaDisksReply, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixUpReplicaDisksReply, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixUpReplicaDisksReply;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixUpReplicaDisksReply;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixUpReplicaDisksReply;
                public static toObject(m: ferry.guestprep.v1.FixUpReplicaDisksReply, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGuestPrepMeta {
                prepId?: (string|null);
                vmId?: (string|null);
                at?: (ferry.common.v1.ITimestamp|null);
                actor?: (ferry.common.v1.IActor|null);
                causeCommandId?: (string|null);
                traceId?: (string|null);
            }

            class GuestPrepMeta implements IGuestPrepMeta {
                constructor(p?: ferry.guestprep.v1.IGuestPrepMeta);
                public prepId: string;
                public vmId: string;
                public at?: (ferry.common.v1.ITimestamp|null);
                public actor?: (ferry.common.v1.IActor|null);
                public causeCommandId: string;
                public traceId: string;
                public static create(properties?: ferry.guestprep.v1.IGuestPrepMeta): ferry.guestprep.v1.GuestPrepMeta;
                public static encode(m: ferry.guestprep.v1.IGuestPrepMeta, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IGuestPrepMeta, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.GuestPrepMeta;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.GuestPrepMeta;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.GuestPrepMeta;
                public static toObject(m: ferry.guestprep.v1.GuestPrepMeta, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum StepStatus {
                STEP_STATUS_UNSPECIFIED = 0,
                STEP_STATUS_UNCHANGED = 1,
                STEP_STATUS_CHANGED = 2,
                STEP_STATUS_WARNING = 3,
                STEP_STATUS_FAILED = 4,
                STEP_STATUS_SKIPPED = 5
            }

            interface IGuestPrepStarted {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                channel?: (string|null);
                osFamily?: (string|null);
                undo?: (boolean|null);
            }

            class GuestPrepStarted implements IGuestPrepStarted {
                constructor(p?: ferry.guestprep.v1.IGuestPrepStarted);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public channel: string;
                public osFamily: string;
                public undo: boolean;
                public static create(properties?: ferry.guestprep.v1.IGuestPrepStarted): ferry.guestprep.v1.GuestPrepStarted;
                public static encode(m: ferry.guestprep.v1.IGuestPrepStarted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IGuestPrepStarted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.GuestPrepStarted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.GuestPrepStarted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.GuestPrepStarted;
                public static toObject(m: ferry.guestprep.v1.GuestPrepStarted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGuestPrepStepCompleted {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                step?: (string|null);
                status?: (ferry.guestprep.v1.StepStatus|null);
                message?: (string|null);
            }

            class GuestPrepStepCompleted implements IGuestPrepStepCompleted {
                constructor(p?: ferry.guestprep.v1.IGuestPrepStepCompleted);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public step: string;
                public status: ferry.guestprep.v1.StepStatus;
                public message: string;
                public static create(properties?: ferry.guestprep.v1.IGuestPrepStepCompleted): ferry.guestprep.v1.GuestPrepStepCompleted;
                public static encode(m: ferry.guestprep.v1.IGuestPrepStepCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IGuestPrepStepCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.GuestPrepStepCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.GuestPrepStepCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.GuestPrepStepCompleted;
                public static toObject(m: ferry.guestprep.v1.GuestPrepStepCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGuestPrepCompleted {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                changed?: (boolean|null);
                distroId?: (string|null);
                distroVersion?: (string|null);
                networkJson?: (string|null);
            }

            class GuestPrepCompleted implements IGuestPrepCompleted {
                constructor(p?: ferry.guestprep.v1.IGuestPrepCompleted);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public changed: boolean;
                public distroId: string;
                public distroVersion: string;
                public networkJson: string;
                public static create(properties?: ferry.guestprep.v1.IGuestPrepCompleted): ferry.guestprep.v1.GuestPrepCompleted;
                public static encode(m: ferry.guestprep.v1.IGuestPrepCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IGuestPrepCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.GuestPrepCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.GuestPrepCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.GuestPrepCompleted;
                public static toObject(m: ferry.guestprep.v1.GuestPrepCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGuestPrepFailed {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                step?: (string|null);
                reason?: (string|null);
            }

            class GuestPrepFailed implements IGuestPrepFailed {
                constructor(p?: ferry.guestprep.v1.IGuestPrepFailed);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public step: string;
                public reason: string;
                public static create(properties?: ferry.guestprep.v1.IGuestPrepFailed): ferry.guestprep.v1.GuestPrepFailed;
                public static encode(m: ferry.guestprep.v1.IGuestPrepFailed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IGuestPrepFailed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.GuestPrepFailed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.GuestPrepFailed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.GuestPrepFailed;
                public static toObject(m: ferry.guestprep.v1.GuestPrepFailed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixupStarted {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                targetPlatform?: (string|null);
            }

            class FixupStarted implements IFixupStarted {
                constructor(p?: ferry.guestprep.v1.IFixupStarted);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public targetPlatform: string;
                public static create(properties?: ferry.guestprep.v1.IFixupStarted): ferry.guestprep.v1.FixupStarted;
                public static encode(m: ferry.guestprep.v1.IFixupStarted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixupStarted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixupStarted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixupStarted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixupStarted;
                public static toObject(m: ferry.guestprep.v1.FixupStarted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixupStepCompleted {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                step?: (string|null);
                status?: (ferry.guestprep.v1.StepStatus|null);
                message?: (string|null);
            }

            class FixupStepCompleted implements IFixupStepCompleted {
                constructor(p?: ferry.guestprep.v1.IFixupStepCompleted);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public step: string;
                public status: ferry.guestprep.v1.StepStatus;
                public message: string;
                public static create(properties?: ferry.guestprep.v1.IFixupStepCompleted): ferry.guestprep.v1.FixupStepCompleted;
                public static encode(m: ferry.guestprep.v1.IFixupStepCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixupStepCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixupStepCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixupStepCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixupStepCompleted;
                public static toObject(m: ferry.guestprep.v1.FixupStepCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixupCompleted {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                resultJson?: (string|null);
            }

            class FixupCompleted implements IFixupCompleted {
                constructor(p?: ferry.guestprep.v1.IFixupCompleted);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public resultJson: string;
                public static create(properties?: ferry.guestprep.v1.IFixupCompleted): ferry.guestprep.v1.FixupCompleted;
                public static encode(m: ferry.guestprep.v1.IFixupCompleted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixupCompleted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixupCompleted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixupCompleted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixupCompleted;
                public static toObject(m: ferry.guestprep.v1.FixupCompleted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFixupFailed {
                meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                step?: (string|null);
                reason?: (string|null);
            }

            class FixupFailed implements IFixupFailed {
                constructor(p?: ferry.guestprep.v1.IFixupFailed);
                public meta?: (ferry.guestprep.v1.IGuestPrepMeta|null);
                public step: string;
                public reason: string;
                public static create(properties?: ferry.guestprep.v1.IFixupFailed): ferry.guestprep.v1.FixupFailed;
                public static encode(m: ferry.guestprep.v1.IFixupFailed, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.guestprep.v1.IFixupFailed, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.guestprep.v1.FixupFailed;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.guestprep.v1.FixupFailed;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.guestprep.v1.FixupFailed;
                public static toObject(m: ferry.guestprep.v1.FixupFailed, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace inventory {

        namespace v1 {

            interface IVmDiscovered {
                vm?: (ferry.inventory.v1.IVm|null);
            }

            class VmDiscovered implements IVmDiscovered {
                constructor(p?: ferry.inventory.v1.IVmDiscovered);
                public vm?: (ferry.inventory.v1.IVm|null);
                public static create(properties?: ferry.inventory.v1.IVmDiscovered): ferry.inventory.v1.VmDiscovered;
                public static encode(m: ferry.inventory.v1.IVmDiscovered, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IVmDiscovered, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.VmDiscovered;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.VmDiscovered;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.VmDiscovered;
                public static toObject(m: ferry.inventory.v1.VmDiscovered, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVmChanged {
                vm?: (ferry.inventory.v1.IVm|null);
                changed?: (string[]|null);
            }

            class VmChanged implements IVmChanged {
                constructor(p?: ferry.inventory.v1.IVmChanged);
                public vm?: (ferry.inventory.v1.IVm|null);
                public changed: string[];
                public static create(properties?: ferry.inventory.v1.IVmChanged): ferry.inventory.v1.VmChanged;
                public static encode(m: ferry.inventory.v1.IVmChanged, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IVmChanged, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.VmChanged;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.VmChanged;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.VmChanged;
                public static toObject(m: ferry.inventory.v1.VmChanged, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVmRemoved {
                site?: (ferry.inventory.v1.Site|null);
                id?: (string|null);
            }

            class VmRemoved implements IVmRemoved {
                constructor(p?: ferry.inventory.v1.IVmRemoved);
                public site: ferry.inventory.v1.Site;
                public id: string;
                public static create(properties?: ferry.inventory.v1.IVmRemoved): ferry.inventory.v1.VmRemoved;
                public static encode(m: ferry.inventory.v1.IVmRemoved, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IVmRemoved, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.VmRemoved;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.VmRemoved;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.VmRemoved;
                public static toObject(m: ferry.inventory.v1.VmRemoved, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IInfraObjectSeen {
                object?: (ferry.inventory.v1.IInfraObject|null);
            }

            class InfraObjectSeen implements IInfraObjectSeen {
                constructor(p?: ferry.inventory.v1.IInfraObjectSeen);
                public object?: (ferry.inventory.v1.IInfraObject|null);
                public static create(properties?: ferry.inventory.v1.IInfraObjectSeen): ferry.inventory.v1.InfraObjectSeen;
                public static encode(m: ferry.inventory.v1.IInfraObjectSeen, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IInfraObjectSeen, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.InfraObjectSeen;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.InfraObjectSeen;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.InfraObjectSeen;
                public static toObject(m: ferry.inventory.v1.InfraObjectSeen, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IInfraObjectRemoved {
                site?: (ferry.inventory.v1.Site|null);
                kind?: (ferry.inventory.v1.InfraKind|null);
                id?: (string|null);
            }

            class InfraObjectRemoved implements IInfraObjectRemoved {
                constructor(p?: ferry.inventory.v1.IInfraObjectRemoved);
                public site: ferry.inventory.v1.Site;
                public kind: ferry.inventory.v1.InfraKind;
                public id: string;
                public static create(properties?: ferry.inventory.v1.IInfraObjectRemoved): ferry.inventory.v1.InfraObjectRemoved;
                public static encode(m: ferry.inventory.v1.IInfraObjectRemoved, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IInfraObjectRemoved, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.InfraObjectRemoved;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.InfraObjectRemoved;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.InfraObjectRemoved;
                public static toObject(m: ferry.inventory.v1.InfraObjectRemoved, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IInventorySynced {
                site?: (ferry.inventory.v1.Site|null);
                vms?: (number|null);
                objects?: (number|null);
                atUnixMillis?: (number|Long|null);
            }

            class InventorySynced implements IInventorySynced {
                constructor(p?: ferry.inventory.v1.IInventorySynced);
                public site: ferry.inventory.v1.Site;
                public vms: number;
                public objects: number;
                public atUnixMillis: (number|Long);
                public static create(properties?: ferry.inventory.v1.IInventorySynced): ferry.inventory.v1.InventorySynced;
                public static encode(m: ferry.inventory.v1.IInventorySynced, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IInventorySynced, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.InventorySynced;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.InventorySynced;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.InventorySynced;
                public static toObject(m: ferry.inventory.v1.InventorySynced, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum Site {
                SITE_UNSPECIFIED = 0,
                SITE_PREM = 1,
                SITE_CLOUD = 2
            }

            interface IDisk {
                key?: (number|null);
                label?: (string|null);
                capacityBytes?: (number|Long|null);
                backing?: (string|null);
                fileName?: (string|null);
                datastoreId?: (string|null);
                diskMode?: (string|null);
                thinProvisioned?: (boolean|null);
                sharing?: (string|null);
                controllerKey?: (number|null);
                controllerType?: (string|null);
                controllerBus?: (number|null);
                unitNumber?: (number|null);
                controllerSharing?: (string|null);
            }

            class Disk implements IDisk {
                constructor(p?: ferry.inventory.v1.IDisk);
                public key: number;
                public label: string;
                public capacityBytes: (number|Long);
                public backing: string;
                public fileName: string;
                public datastoreId: string;
                public diskMode: string;
                public thinProvisioned: boolean;
                public sharing: string;
                public controllerKey: number;
                public controllerType: string;
                public controllerBus: number;
                public unitNumber: number;
                public controllerSharing: string;
                public static create(properties?: ferry.inventory.v1.IDisk): ferry.inventory.v1.Disk;
                public static encode(m: ferry.inventory.v1.IDisk, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IDisk, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.Disk;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.Disk;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.Disk;
                public static toObject(m: ferry.inventory.v1.Disk, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface INic {
                key?: (number|null);
                adapterType?: (string|null);
                macAddress?: (string|null);
                network?: (string|null);
                networkId?: (string|null);
                connected?: (boolean|null);
                ipAddresses?: (string[]|null);
            }

            class Nic implements INic {
                constructor(p?: ferry.inventory.v1.INic);
                public key: number;
                public adapterType: string;
                public macAddress: string;
                public network: string;
                public networkId: string;
                public connected: boolean;
                public ipAddresses: string[];
                public static create(properties?: ferry.inventory.v1.INic): ferry.inventory.v1.Nic;
                public static encode(m: ferry.inventory.v1.INic, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.INic, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.Nic;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.Nic;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.Nic;
                public static toObject(m: ferry.inventory.v1.Nic, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICdrom {
                key?: (number|null);
                isoPath?: (string|null);
                connected?: (boolean|null);
                startConnected?: (boolean|null);
            }

            class Cdrom implements ICdrom {
                constructor(p?: ferry.inventory.v1.ICdrom);
                public key: number;
                public isoPath: string;
                public connected: boolean;
                public startConnected: boolean;
                public static create(properties?: ferry.inventory.v1.ICdrom): ferry.inventory.v1.Cdrom;
                public static encode(m: ferry.inventory.v1.ICdrom, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.ICdrom, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.Cdrom;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.Cdrom;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.Cdrom;
                public static toObject(m: ferry.inventory.v1.Cdrom, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IVm {
                site?: (ferry.inventory.v1.Site|null);
                id?: (string|null);
                name?: (string|null);
                instanceUuid?: (string|null);
                guestId?: (string|null);
                guestFullName?: (string|null);
                firmware?: (string|null);
                cpus?: (number|null);
                coresPerSocket?: (number|null);
                memoryMib?: (number|null);
                powerState?: (string|null);
                toolsStatus?: (string|null);
                toolsRunningStatus?: (string|null);
                cbtEnabled?: (boolean|null);
                disks?: (ferry.inventory.v1.IDisk[]|null);
                nics?: (ferry.inventory.v1.INic[]|null);
                cdroms?: (ferry.inventory.v1.ICdrom[]|null);
                snapshots?: (string[]|null);
                passthroughDevices?: (string[]|null);
                tpmPresent?: (boolean|null);
                hostId?: (string|null);
                resourcePoolId?: (string|null);
                folderId?: (string|null);
                datastoreIds?: (string[]|null);
                networkIds?: (string[]|null);
            }

            class Vm implements IVm {
                constructor(p?: ferry.inventory.v1.IVm);
                public site: ferry.inventory.v1.Site;
                public id: string;
                public name: string;
                public instanceUuid: string;
                public guestId: string;
                public guestFullName: string;
                public firmware: string;
                public cpus: number;
                public coresPerSocket: number;
                public memoryMib: number;
                public powerState: string;
                public toolsStatus: string;
                public toolsRunningStatus: string;
                public cbtEnabled: boolean;
                public disks: ferry.inventory.v1.IDisk[];
                public nics: ferry.inventory.v1.INic[];
                public cdroms: ferry.inventory.v1.ICdrom[];
                public snapshots: string[];
                public passthroughDevices: string[];
                public tpmPresent: boolean;
                public hostId: string;
                public resourcePoolId: string;
                public folderId: string;
                public datastoreIds: string[];
                public networkIds: string[];
                public static create(properties?: ferry.inventory.v1.IVm): ferry.inventory.v1.Vm;
                public static encode(m: ferry.inventory.v1.IVm, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IVm, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.Vm;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.Vm;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.Vm;
                public static toObject(m: ferry.inventory.v1.Vm, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            enum InfraKind {
                INFRA_KIND_UNSPECIFIED = 0,
                INFRA_KIND_DATACENTER = 1,
                INFRA_KIND_CLUSTER = 2,
                INFRA_KIND_HOST = 3,
                INFRA_KIND_DATASTORE = 4,
                INFRA_KIND_NETWORK = 5,
                INFRA_KIND_FOLDER = 6,
                INFRA_KIND_RESOURCE_POOL = 7
            }

            interface IDatastoreInfo {
                capacityBytes?: (number|Long|null);
                freeBytes?: (number|Long|null);
                url?: (string|null);
            }

            class DatastoreInfo implements IDatastoreInfo {
                constructor(p?: ferry.inventory.v1.IDatastoreInfo);
                public capacityBytes: (number|Long);
                public freeBytes: (number|Long);
                public url: string;
                public static create(properties?: ferry.inventory.v1.IDatastoreInfo): ferry.inventory.v1.DatastoreInfo;
                public static encode(m: ferry.inventory.v1.IDatastoreInfo, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IDatastoreInfo, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.DatastoreInfo;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.DatastoreInfo;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.DatastoreInfo;
                public static toObject(m: ferry.inventory.v1.DatastoreInfo, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IInfraObject {
                site?: (ferry.inventory.v1.Site|null);
                kind?: (ferry.inventory.v1.InfraKind|null);
                id?: (string|null);
                name?: (string|null);
                parentId?: (string|null);
                datastore?: (ferry.inventory.v1.IDatastoreInfo|null);
                networkType?: (string|null);
            }

            class InfraObject implements IInfraObject {
                constructor(p?: ferry.inventory.v1.IInfraObject);
                public site: ferry.inventory.v1.Site;
                public kind: ferry.inventory.v1.InfraKind;
                public id: string;
                public name: string;
                public parentId: string;
                public datastore?: (ferry.inventory.v1.IDatastoreInfo|null);
                public networkType: string;
                public static create(properties?: ferry.inventory.v1.IInfraObject): ferry.inventory.v1.InfraObject;
                public static encode(m: ferry.inventory.v1.IInfraObject, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IInfraObject, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.InfraObject;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.InfraObject;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.InfraObject;
                public static toObject(m: ferry.inventory.v1.InfraObject, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            class InventoryService extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): InventoryService;
                public listVms(request: ferry.inventory.v1.IListVmsRequest, callback: ferry.inventory.v1.InventoryService.ListVmsCallback): void;
                public listVms(request: ferry.inventory.v1.IListVmsRequest): Promise<ferry.inventory.v1.ListVmsResponse>;
                public getVm(request: ferry.inventory.v1.IGetVmRequest, callback: ferry.inventory.v1.InventoryService.GetVmCallback): void;
                public getVm(request: ferry.inventory.v1.IGetVmRequest): Promise<ferry.inventory.v1.Vm>;
                public listInfra(request: ferry.inventory.v1.IListInfraRequest, callback: ferry.inventory.v1.InventoryService.ListInfraCallback): void;
                public listInfra(request: ferry.inventory.v1.IListInfraRequest): Promise<ferry.inventory.v1.ListInfraResponse>;
                public assessVm(request: ferry.inventory.v1.IAssessVmRequest, callback: ferry.inventory.v1.InventoryService.AssessVmCallback): void;
                public assessVm(request: ferry.inventory.v1.IAssessVmRequest): Promise<ferry.inventory.v1.AssessVmResponse>;
            }

            namespace InventoryService {

                type ListVmsCallback = (error: (Error|null), response?: ferry.inventory.v1.ListVmsResponse) => void;

                type GetVmCallback = (error: (Error|null), response?: ferry.inventory.v1.Vm) => void;

                type ListInfraCallback = (error: (Error|null), response?: ferry.inventory.v1.ListInfraResponse) => void;

                type AssessVmCallback = (error: (Error|null), response?: ferry.inventory.v1.AssessVmResponse) => void;
            }

            enum MigrationMode {
                MIGRATION_MODE_UNSPECIFIED = 0,
                MIGRATION_MODE_WARM_VCD = 1,
                MIGRATION_MODE_WARM_VCS = 2,
                MIGRATION_MODE_COLD = 3
            }

            enum Verdict {
                VERDICT_UNSPECIFIED = 0,
                VERDICT_READY = 1,
                VERDICT_READY_WITH_WARNINGS = 2,
                VERDICT_BLOCKED = 3
            }

            enum Severity {
                SEVERITY_UNSPECIFIED = 0,
                SEVERITY_INFO = 1,
                SEVERITY_WARNING = 2,
                SEVERITY_CRITICAL = 3
            }

            interface IVmFilter {
                site?: (ferry.inventory.v1.Site|null);
                nameContains?: (string|null);
                powerState?: (string|null);
                guestOsContains?: (string|null);
                readinessMode?: (ferry.inventory.v1.MigrationMode|null);
                readinessVerdict?: (ferry.inventory.v1.Verdict|null);
            }

            class VmFilter implements IVmFilter {
                constructor(p?: ferry.inventory.v1.IVmFilter);
                public site: ferry.inventory.v1.Site;
                public nameContains: string;
                public powerState: string;
                public guestOsContains: string;
                public readinessMode: ferry.inventory.v1.MigrationMode;
                public readinessVerdict: ferry.inventory.v1.Verdict;
                public static create(properties?: ferry.inventory.v1.IVmFilter): ferry.inventory.v1.VmFilter;
                public static encode(m: ferry.inventory.v1.IVmFilter, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IVmFilter, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.VmFilter;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.VmFilter;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.VmFilter;
                public static toObject(m: ferry.inventory.v1.VmFilter, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListVmsRequest {
                filter?: (ferry.inventory.v1.IVmFilter|null);
                pageSize?: (number|null);
                pageToken?: (string|null);
            }

            class ListVmsRequest implements IListVmsRequest {
                constructor(p?: ferry.inventory.v1.IListVmsRequest);
                public filter?: (ferry.inventory.v1.IVmFilter|null);
                public pageSize: number;
                public pageToken: string;
                public static create(properties?: ferry.inventory.v1.IListVmsRequest): ferry.inventory.v1.ListVmsRequest;
                public static encode(m: ferry.inventory.v1.IListVmsRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IListVmsRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.ListVmsRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.ListVmsRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.ListVmsRequest;
                public static toObject(m: ferry.inventory.v1.ListVmsRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListVmsResponse {
                vms?: (ferry.inventory.v1.IVm[]|null);
                nextPageToken?: (string|null);
                total?: (number|null);
            }

            class ListVmsResponse implements IListVmsResponse {
                constructor(p?: ferry.inventory.v1.IListVmsResponse);
                public vms: ferry.inventory.v1.IVm[];
                public nextPageToken: string;
                public total: number;
                public static create(properties?: ferry.inventory.v1.IListVmsResponse): ferry.inventory.v1.ListVmsResponse;
                public static encode(m: ferry.inventory.v1.IListVmsResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IListVmsResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.ListVmsResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.ListVmsResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.ListVmsResponse;
                public static toObject(m: ferry.inventory.v1.ListVmsResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IGetVmRequest {
                site?: (ferry.inventory.v1.Site|null);
                id?: (string|null);
            }

            class GetVmRequest implements IGetVmRequest {
                constructor(p?: ferry.inventory.v1.IGetVmRequest);
                public site: ferry.inventory.v1.Site;
                public id: string;
                public static create(properties?: ferry.inventory.v1.IGetVmRequest): ferry.inventory.v1.GetVmRequest;
                public static encode(m: ferry.inventory.v1.IGetVmRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IGetVmRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.GetVmRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.GetVmRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.GetVmRequest;
                public static toObject(m: ferry.inventory.v1.GetVmRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListInfraRequest {
                site?: (ferry.inventory.v1.Site|null);
                kinds?: (ferry.inventory.v1.InfraKind[]|null);
            }

            class ListInfraRequest implements IListInfraRequest {
                constructor(p?: ferry.inventory.v1.IListInfraRequest);
                public site: ferry.inventory.v1.Site;
                public kinds: ferry.inventory.v1.InfraKind[];
                public static create(properties?: ferry.inventory.v1.IListInfraRequest): ferry.inventory.v1.ListInfraRequest;
                public static encode(m: ferry.inventory.v1.IListInfraRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IListInfraRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.ListInfraRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.ListInfraRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.ListInfraRequest;
                public static toObject(m: ferry.inventory.v1.ListInfraRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IListInfraResponse {
                objects?: (ferry.inventory.v1.IInfraObject[]|null);
            }

            class ListInfraResponse implements IListInfraResponse {
                constructor(p?: ferry.inventory.v1.IListInfraResponse);
                public objects: ferry.inventory.v1.IInfraObject[];
                public static create(properties?: ferry.inventory.v1.IListInfraResponse): ferry.inventory.v1.ListInfraResponse;
                public static encode(m: ferry.inventory.v1.IListInfraResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IListInfraResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.ListInfraResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.ListInfraResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.ListInfraResponse;
                public static toObject(m: ferry.inventory.v1.ListInfraResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAssessVmRequest {
                site?: (ferry.inventory.v1.Site|null);
                id?: (string|null);
                mode?: (ferry.inventory.v1.MigrationMode|null);
                targetDatastoreId?: (string|null);
            }

            class AssessVmRequest implements IAssessVmRequest {
                constructor(p?: ferry.inventory.v1.IAssessVmRequest);
                public site: ferry.inventory.v1.Site;
                public id: string;
                public mode: ferry.inventory.v1.MigrationMode;
                public targetDatastoreId: string;
                public static create(properties?: ferry.inventory.v1.IAssessVmRequest): ferry.inventory.v1.AssessVmRequest;
                public static encode(m: ferry.inventory.v1.IAssessVmRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IAssessVmRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.AssessVmRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.AssessVmRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.AssessVmRequest;
                public static toObject(m: ferry.inventory.v1.AssessVmRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IFinding {
                ruleId?: (string|null);
                severity?: (ferry.inventory.v1.Severity|null);
                message?: (string|null);
                remedy?: (string|null);
            }

            class Finding implements IFinding {
                constructor(p?: ferry.inventory.v1.IFinding);
                public ruleId: string;
                public severity: ferry.inventory.v1.Severity;
                public message: string;
                public remedy: string;
                public static create(properties?: ferry.inventory.v1.IFinding): ferry.inventory.v1.Finding;
                public static encode(m: ferry.inventory.v1.IFinding, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IFinding, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.Finding;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.Finding;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.Finding;
                public static toObject(m: ferry.inventory.v1.Finding, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IModeAssessment {
                mode?: (ferry.inventory.v1.MigrationMode|null);
                verdict?: (ferry.inventory.v1.Verdict|null);
                findings?: (ferry.inventory.v1.IFinding[]|null);
            }

            class ModeAssessment implements IModeAssessment {
                constructor(p?: ferry.inventory.v1.IModeAssessment);
                public mode: ferry.inventory.v1.MigrationMode;
                public verdict: ferry.inventory.v1.Verdict;
                public findings: ferry.inventory.v1.IFinding[];
                public static create(properties?: ferry.inventory.v1.IModeAssessment): ferry.inventory.v1.ModeAssessment;
                public static encode(m: ferry.inventory.v1.IModeAssessment, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IModeAssessment, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.ModeAssessment;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.ModeAssessment;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.ModeAssessment;
                public static toObject(m: ferry.inventory.v1.ModeAssessment, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IAssessVmResponse {
                vm?: (ferry.inventory.v1.IVm|null);
                assessments?: (ferry.inventory.v1.IModeAssessment[]|null);
            }

            class AssessVmResponse implements IAssessVmResponse {
                constructor(p?: ferry.inventory.v1.IAssessVmResponse);
                public vm?: (ferry.inventory.v1.IVm|null);
                public assessments: ferry.inventory.v1.IModeAssessment[];
                public static create(properties?: ferry.inventory.v1.IAssessVmResponse): ferry.inventory.v1.AssessVmResponse;
                public static encode(m: ferry.inventory.v1.IAssessVmResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.inventory.v1.IAssessVmResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.inventory.v1.AssessVmResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.inventory.v1.AssessVmResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.inventory.v1.AssessVmResponse;
                public static toObject(m: ferry.inventory.v1.AssessVmResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }

    namespace security {

        namespace v1 {

            interface ISecurityEventMeta {
                at?: (ferry.common.v1.ITimestamp|null);
                causeCommandId?: (string|null);
            }

            class SecurityEventMeta implements ISecurityEventMeta {
                constructor(p?: ferry.security.v1.ISecurityEventMeta);
                public at?: (ferry.common.v1.ITimestamp|null);
                public causeCommandId: string;
                public static create(properties?: ferry.security.v1.ISecurityEventMeta): ferry.security.v1.SecurityEventMeta;
                public static encode(m: ferry.security.v1.ISecurityEventMeta, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.ISecurityEventMeta, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.SecurityEventMeta;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.SecurityEventMeta;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.SecurityEventMeta;
                public static toObject(m: ferry.security.v1.SecurityEventMeta, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IUserCreated {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                user?: (string|null);
                role?: (string|null);
                passwordHash?: (string|null);
                scope?: (string|null);
            }

            class UserCreated implements IUserCreated {
                constructor(p?: ferry.security.v1.IUserCreated);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public user: string;
                public role: string;
                public passwordHash: string;
                public scope: string;
                public static create(properties?: ferry.security.v1.IUserCreated): ferry.security.v1.UserCreated;
                public static encode(m: ferry.security.v1.IUserCreated, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.IUserCreated, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.UserCreated;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.UserCreated;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.UserCreated;
                public static toObject(m: ferry.security.v1.UserCreated, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IRoleGranted {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                user?: (string|null);
                role?: (string|null);
            }

            class RoleGranted implements IRoleGranted {
                constructor(p?: ferry.security.v1.IRoleGranted);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public user: string;
                public role: string;
                public static create(properties?: ferry.security.v1.IRoleGranted): ferry.security.v1.RoleGranted;
                public static encode(m: ferry.security.v1.IRoleGranted, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.IRoleGranted, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.RoleGranted;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.RoleGranted;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.RoleGranted;
                public static toObject(m: ferry.security.v1.RoleGranted, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IPasswordSet {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                user?: (string|null);
                passwordHash?: (string|null);
            }

            class PasswordSet implements IPasswordSet {
                constructor(p?: ferry.security.v1.IPasswordSet);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public user: string;
                public passwordHash: string;
                public static create(properties?: ferry.security.v1.IPasswordSet): ferry.security.v1.PasswordSet;
                public static encode(m: ferry.security.v1.IPasswordSet, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.IPasswordSet, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.PasswordSet;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.PasswordSet;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.PasswordSet;
                public static toObject(m: ferry.security.v1.PasswordSet, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IApiKeyIssued {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                name?: (string|null);
                role?: (string|null);
                keySha256?: (string|null);
                scope?: (string|null);
            }

            class ApiKeyIssued implements IApiKeyIssued {
                constructor(p?: ferry.security.v1.IApiKeyIssued);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public name: string;
                public role: string;
                public keySha256: string;
                public scope: string;
                public static create(properties?: ferry.security.v1.IApiKeyIssued): ferry.security.v1.ApiKeyIssued;
                public static encode(m: ferry.security.v1.IApiKeyIssued, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.IApiKeyIssued, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.ApiKeyIssued;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.ApiKeyIssued;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.ApiKeyIssued;
                public static toObject(m: ferry.security.v1.ApiKeyIssued, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IApiKeyRevoked {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                name?: (string|null);
                reason?: (string|null);
            }

            class ApiKeyRevoked implements IApiKeyRevoked {
                constructor(p?: ferry.security.v1.IApiKeyRevoked);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public name: string;
                public reason: string;
                public static create(properties?: ferry.security.v1.IApiKeyRevoked): ferry.security.v1.ApiKeyRevoked;
                public static encode(m: ferry.security.v1.IApiKeyRevoked, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.IApiKeyRevoked, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.ApiKeyRevoked;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.ApiKeyRevoked;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.ApiKeyRevoked;
                public static toObject(m: ferry.security.v1.ApiKeyRevoked, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ITokenKeyRotated {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                keyId?: (string|null);
                previousKeyId?: (string|null);
                previousAcceptedUntilMillis?: (number|Long|null);
            }

            class TokenKeyRotated implements ITokenKeyRotated {
                constructor(p?: ferry.security.v1.ITokenKeyRotated);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public keyId: string;
                public previousKeyId: string;
                public previousAcceptedUntilMillis: (number|Long);
                public static create(properties?: ferry.security.v1.ITokenKeyRotated): ferry.security.v1.TokenKeyRotated;
                public static encode(m: ferry.security.v1.ITokenKeyRotated, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.ITokenKeyRotated, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.TokenKeyRotated;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.TokenKeyRotated;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.TokenKeyRotated;
                public static toObject(m: ferry.security.v1.TokenKeyRotated, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface ICallRefused {
                meta?: (ferry.security.v1.ISecurityEventMeta|null);
                rpc?: (string|null);
                code?: (string|null);
                principal?: (string|null);
                peer?: (string|null);
                reason?: (string|null);
                repeats?: (number|null);
                lastAtMillis?: (number|Long|null);
            }

            class CallRefused implements ICallRefused {
                constructor(p?: ferry.security.v1.ICallRefused);
                public meta?: (ferry.security.v1.ISecurityEventMeta|null);
                public rpc: string;
                public code: string;
                public principal: string;
                public peer: string;
                public reason: string;
                public repeats: number;
                public lastAtMillis: (number|Long);
                public static create(properties?: ferry.security.v1.ICallRefused): ferry.security.v1.CallRefused;
                public static encode(m: ferry.security.v1.ICallRefused, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: ferry.security.v1.ICallRefused, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): ferry.security.v1.CallRefused;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): ferry.security.v1.CallRefused;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): ferry.security.v1.CallRefused;
                public static toObject(m: ferry.security.v1.CallRefused, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }
        }
    }
}

export namespace grpc {

    namespace health {

        namespace v1 {

            interface IHealthCheckRequest {
                service?: (string|null);
            }

            class HealthCheckRequest implements IHealthCheckRequest {
                constructor(p?: grpc.health.v1.IHealthCheckRequest);
                public service: string;
                public static create(properties?: grpc.health.v1.IHealthCheckRequest): grpc.health.v1.HealthCheckRequest;
                public static encode(m: grpc.health.v1.IHealthCheckRequest, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: grpc.health.v1.IHealthCheckRequest, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): grpc.health.v1.HealthCheckRequest;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): grpc.health.v1.HealthCheckRequest;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): grpc.health.v1.HealthCheckRequest;
                public static toObject(m: grpc.health.v1.HealthCheckRequest, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            interface IHealthCheckResponse {
                status?: (grpc.health.v1.HealthCheckResponse.ServingStatus|null);
            }

            class HealthCheckResponse implements IHealthCheckResponse {
                constructor(p?: grpc.health.v1.IHealthCheckResponse);
                public status: grpc.health.v1.HealthCheckResponse.ServingStatus;
                public static create(properties?: grpc.health.v1.IHealthCheckResponse): grpc.health.v1.HealthCheckResponse;
                public static encode(m: grpc.health.v1.IHealthCheckResponse, w?: $protobuf.Writer): $protobuf.Writer;
                public static encodeDelimited(message: grpc.health.v1.IHealthCheckResponse, writer?: $protobuf.Writer): $protobuf.Writer;
                public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): grpc.health.v1.HealthCheckResponse;
                public static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): grpc.health.v1.HealthCheckResponse;
                public static verify(m: { [k: string]: any }): (string|null);
                public static fromObject(d: { [k: string]: any }): grpc.health.v1.HealthCheckResponse;
                public static toObject(m: grpc.health.v1.HealthCheckResponse, o?: $protobuf.IConversionOptions): { [k: string]: any };
                public toJSON(): { [k: string]: any };
                public static getTypeUrl(typeUrlPrefix?: string): string;
            }

            namespace HealthCheckResponse {

                enum ServingStatus {
                    UNKNOWN = 0,
                    SERVING = 1,
                    NOT_SERVING = 2,
                    SERVICE_UNKNOWN = 3
                }
            }

            class Health extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                public static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): Health;
                public check(request: grpc.health.v1.IHealthCheckRequest, callback: grpc.health.v1.Health.CheckCallback): void;
                public check(request: grpc.health.v1.IHealthCheckRequest): Promise<grpc.health.v1.HealthCheckResponse>;
                public watch(request: grpc.health.v1.IHealthCheckRequest, callback: grpc.health.v1.Health.WatchCallback): void;
                public watch(request: grpc.health.v1.IHealthCheckRequest): Promise<grpc.health.v1.HealthCheckResponse>;
            }

            namespace Health {

                type CheckCallback = (error: (Error|null), response?: grpc.health.v1.HealthCheckResponse) => void;

                type WatchCallback = (error: (Error|null), response?: grpc.health.v1.HealthCheckResponse) => void;
            }
        }
    }
}
